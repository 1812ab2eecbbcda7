import { schedulerTimeZone } from '../scheduling/nextRunAt';
import { timezoneError } from './timezoneError';

describe('timezoneError', () => {
  const scheduler = schedulerTimeZone();
  const other = scheduler === 'Europe/Paris' ? 'Asia/Tokyo' : 'Europe/Paris';

  it("accepts the scheduler's own time zone, however it is spelled", () => {
    expect(timezoneError(scheduler)).toBeUndefined();
    expect(timezoneError(scheduler.toLowerCase())).toBeUndefined();
  });

  it('refuses any other zone, saying where schedules run', () => {
    expect(timezoneError(other)).toBe(
      `"${other}" is not supported: schedules run in the backend's time zone (${scheduler}); remove it or write the cron in ${scheduler}`,
    );
  });

  it('says when a name is no time zone at all', () => {
    expect(timezoneError('Mars/Olympus_Mons')).toBe(
      '"Mars/Olympus_Mons" is not a time zone name (an IANA name such as Europe/Paris, or UTC)',
    );
    expect(timezoneError('')).toMatch(/^"" is not a time zone name/);
  });
});
