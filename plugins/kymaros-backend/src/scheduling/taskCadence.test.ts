import { CronExpressionParser } from 'cron-parser';
import { parseSchedule, Schedule } from './parseSchedule';
import { nextScheduledRun, taskCadence } from './taskCadence';
import { schedulerTimeZone } from './timeZones';

const schedule = (cron: string, timezone?: string): Schedule => {
  const parsed = parseSchedule({ cron, timezone });
  if (!parsed.schedule) throw new Error(parsed.error);
  return parsed.schedule;
};

/** Every time a cron fires in the scheduler's zone between two dates. */
function firings(cron: string, from: Date, to: Date): Date[] {
  const it = CronExpressionParser.parse(cron, {
    currentDate: from,
    endDate: to,
    tz: schedulerTimeZone(),
  });
  const out: Date[] = [];
  while (it.hasNext()) out.push(it.next().toDate());
  return out;
}

describe('taskCadence', () => {
  it('registers a cron in the scheduler zone as written, H resolved', () => {
    expect(taskCadence(schedule('0 3 * * *'), 't')).toEqual({
      frequency: { cron: '0 3 * * *' },
    });
    expect(
      taskCadence(schedule('0 3 * * *', schedulerTimeZone()), 't'),
    ).toEqual({ frequency: { cron: '0 3 * * *' } });
    const hashed = taskCadence(schedule('H H(1-4) * * *'), 't').frequency;
    expect((hashed as { cron: string }).cron).toMatch(/^\d+ [1-4] \* \* \*$/);
  });

  it('registers @every as an interval', () => {
    expect(taskCadence(schedule('@every 6h'), 't')).toEqual({
      frequency: { milliseconds: 6 * 3600_000 },
      initialDelay: { milliseconds: 6 * 3600_000 },
    });
  });

  it.each([
    ['0 3 * * *', 'Europe/Brussels'],
    ['30 2 * * 1', 'America/New_York'],
    ['0 0 1 * *', 'Asia/Kolkata'],
    ['*/20 9-17 * * 1-5', 'Australia/Sydney'],
  ])(
    'fires %s in %s exactly at its own times over a year, DST included',
    (cron, zone) => {
      const cadence = taskCadence(schedule(cron, zone), 'test');
      const from = new Date('2027-01-01T00:00:00Z');
      const to = new Date('2028-01-01T00:00:00Z');
      const wanted = CronExpressionParser.parse(cron, {
        currentDate: from,
        endDate: to,
        tz: zone,
      });
      const own = new Set<number>();
      while (wanted.hasNext()) own.add(wanted.next().getTime());
      const ticks = firings(
        (cadence.frequency as { cron: string }).cron,
        from,
        to,
      );
      // The superset holds every real time, and isDue keeps exactly those, even a few seconds late.
      for (const time of own)
        expect(ticks.some(t => t.getTime() === time)).toBe(true);
      const due = ticks.filter(t =>
        cadence.isDue!(new Date(t.getTime() + 4000)),
      );
      expect(due.map(d => d.getTime())).toEqual([...own]);
    },
  );

  /** One day in each month of 2027. */
  const monthly = (day: number) =>
    Array.from({ length: 12 }, (_, m) => new Date(Date.UTC(2027, m, day)));

  it.each([
    ['*/5 * * * *', 'Europe/Brussels', monthly(1), 12 * 288],
    ['0 3 * * *', 'Australia/Lord_Howe', monthly(15), 12],
    ['0 3 29 2 *', 'Asia/Tokyo', [new Date('2028-02-28T00:00:00Z')], 1],
  ])(
    'keeps firing %s in %s all year, on a cheap superset of its times',
    (cron, zone, days, expected) => {
      const started = Date.now();
      const cadence = taskCadence(schedule(cron, zone), `t-${cron}`);
      expect(Date.now() - started).toBeLessThan(500);
      const { cron: superset } = cadence.frequency as { cron: string };
      expect(superset.split(' ').slice(2)).toEqual(['*', '*', '*']);
      expect(superset).not.toBe('* * * * *');
      const due = days.flatMap(day =>
        firings(
          superset,
          new Date(day.getTime() - 1000),
          new Date(day.getTime() + 48 * 3600_000 - 1000),
        ).filter(t => cadence.isDue!(new Date(t.getTime() + 2000))),
      );
      // Two days per window: a daily time is due twice, an every-five-minutes one 2 × 288 times.
      expect(due.length).toBe(cron === '0 3 29 2 *' ? expected : expected * 2);
    },
  );

  it('runs a time in the hour clocks repeat once, not twice', () => {
    const cadence = taskCadence(
      schedule('30 1 * * *', 'America/New_York'),
      'fall-back',
    );
    const day = firings(
      (cadence.frequency as { cron: string }).cron,
      new Date('2027-11-07T00:00:00Z'),
      new Date('2027-11-07T12:00:00Z'),
    ).filter(t => cadence.isDue!(new Date(t.getTime() + 2000)));
    expect(day.map(d => d.toISOString())).toEqual(['2027-11-07T05:30:00.000Z']);
  });

  it('computes the next run in the schedule zone', () => {
    const from = new Date('2026-11-22T02:30:00Z');
    expect(nextScheduledRun(schedule('0 3 * * *', 'UTC'), 't', from)).toBe(
      '2026-11-22T03:00:00.000Z',
    );
    // 03:00 in Brussels (UTC+1 in November) is 02:00 UTC, already past: next day.
    expect(
      nextScheduledRun(schedule('0 3 * * *', 'Europe/Brussels'), 't', from),
    ).toBe('2026-11-23T02:00:00.000Z');
    expect(
      nextScheduledRun(
        schedule('CRON_TZ=Europe/Brussels 0 3 * * *'),
        't',
        new Date('2026-07-01T00:00:00Z'),
      ),
    ).toBe('2026-07-01T01:00:00.000Z');
    expect(nextScheduledRun(schedule('@every 6h'), 't', from)).toBe(
      '2026-11-22T08:30:00.000Z',
    );
  });
});
