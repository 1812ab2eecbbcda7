import { scheduleTimeZone } from './scheduleTimeZone';
import { schedulerTimeZone } from './timeZones';

describe('scheduleTimeZone', () => {
  it('names the zone a cron fires in: its own, from either place it may be written', () => {
    expect(
      scheduleTimeZone({ cron: '0 3 * * *', timezone: 'Europe/Brussels' }),
    ).toBe('Europe/Brussels');
    expect(scheduleTimeZone({ cron: 'CRON_TZ=Asia/Tokyo 0 3 * * *' })).toBe(
      'Asia/Tokyo',
    );
    expect(scheduleTimeZone({ cron: '@daily', timezone: 'utc' })).toBe('UTC');
  });

  it("falls back to the scheduler's zone for a cron that names none", () => {
    expect(scheduleTimeZone({ cron: 'H H(1-4) * * *' })).toBe(
      schedulerTimeZone(),
    );
  });

  it('has none for an interval or a schedule that does not parse', () => {
    expect(scheduleTimeZone({ cron: '@every 6h' })).toBeUndefined();
    expect(scheduleTimeZone({ cron: '61 * * * *' })).toBeUndefined();
    expect(scheduleTimeZone(undefined)).toBeUndefined();
  });
});
