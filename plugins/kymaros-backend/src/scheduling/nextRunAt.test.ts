import { nextRunAt } from './nextRunAt';

describe('nextRunAt', () => {
  it('computes the next cron time in the given time zone', () => {
    const from = new Date('2026-11-22T02:30:00Z');
    expect(nextRunAt('0 3 * * *', from, 'UTC')).toBe(
      '2026-11-22T03:00:00.000Z',
    );
    // 03:00 in Brussels (UTC+1 in November) is 02:00 UTC, already past: next day.
    expect(nextRunAt('0 3 * * *', from, 'Europe/Brussels')).toBe(
      '2026-11-23T02:00:00.000Z',
    );
  });

  it('returns undefined for an invalid expression', () => {
    expect(nextRunAt('not a cron')).toBeUndefined();
  });
});
