import { CronExpressionParser } from 'cron-parser';
import { taskCron } from './taskCron';

describe('taskCron', () => {
  it('leaves a cron without H as written', () => {
    expect(taskCron('0 3 * * *', 'a')).toBe('0 3 * * *');
    expect(taskCron('*/15 2 * * THU', 'a')).toBe('*/15 2 * * THU');
  });

  it('resolves H fields the same way for the same test, every time', () => {
    const cron = taskCron('H H(1-4) * * *', 'component:default/orders:orders');
    expect(cron).toMatch(/^\d{1,2} [1-4] \* \* \*$/);
    expect(taskCron('H H(1-4) * * *', 'component:default/orders:orders')).toBe(
      cron,
    );
  });

  it('spreads a thousand tests sharing the default over its window', () => {
    const starts = Array.from({ length: 1000 }, (_, i) =>
      taskCron('H H(1-4) * * *', `component:default/service-${i}:restore`),
    );
    const perStart = new Map<string, number>();
    for (const cron of starts)
      perStart.set(cron, (perStart.get(cron) ?? 0) + 1);
    const hours = new Set(starts.map(cron => cron.split(' ')[1]));
    // 240 possible starts: no start may hold a large share of the tests.
    expect(perStart.size).toBeGreaterThan(150);
    expect(Math.max(...perStart.values())).toBeLessThan(20);
    expect([...hours].sort()).toEqual(['1', '2', '3', '4']);
  });

  it('keeps the fields it does not hash, and gives a cron Backstage can run', () => {
    const cron = taskCron('H/20 * * * 1-5', 'x');
    const [minute, ...rest] = cron.split(' ');
    expect(rest.join(' ')).toBe('* * * 1-5');
    const minutes = minute.split(',').map(Number);
    expect(minutes).toHaveLength(3);
    expect(minutes[1] - minutes[0]).toBe(20);
    expect(() => CronExpressionParser.parse(cron)).not.toThrow();
  });

  it('picks an H day of month from 1 to 28, so every month has it', () => {
    const days = new Set(
      Array.from({ length: 500 }, (_, i) =>
        Number(taskCron('0 3 H * *', `test-${i}`).split(' ')[2]),
      ),
    );
    expect(Math.max(...days)).toBeLessThanOrEqual(28);
    expect(Math.min(...days)).toBeGreaterThanOrEqual(1);
  });
});
