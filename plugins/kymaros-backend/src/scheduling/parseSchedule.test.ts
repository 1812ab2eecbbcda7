import { parseSchedule } from './parseSchedule';

describe('parseSchedule', () => {
  it('reads five cron fields, with H', () => {
    expect(parseSchedule({ cron: '0 3 * * *' })).toEqual({
      schedule: { kind: 'cron', cron: '0 3 * * *', timeZone: undefined },
    });
    expect(parseSchedule({ cron: 'H H(1-4) * * *' }).schedule).toMatchObject({
      cron: 'H H(1-4) * * *',
    });
  });

  it.each([
    ['@daily', '0 0 * * *'],
    ['@midnight', '0 0 * * *'],
    ['@hourly', '0 * * * *'],
    ['@weekly', '0 0 * * 0'],
    ['@monthly', '0 0 1 * *'],
    ['@yearly', '0 0 1 1 *'],
    ['@annually', '0 0 1 1 *'],
  ])('reads the macro %s as %s', (macro, cron) => {
    expect(parseSchedule({ cron: macro }).schedule).toEqual({
      kind: 'cron',
      cron,
      timeZone: undefined,
    });
  });

  it('reads @every with a Go duration', () => {
    expect(parseSchedule({ cron: '@every 6h' }).schedule).toEqual({
      kind: 'every',
      everyMs: 6 * 3600_000,
    });
    expect(parseSchedule({ cron: '@every 1h30m' }).schedule).toEqual({
      kind: 'every',
      everyMs: 90 * 60_000,
    });
  });

  it('refuses an @every that is too short, missing or zoned, saying why', () => {
    expect(parseSchedule({ cron: '@every 30s' }).error).toBe(
      'invalid cron "@every 30s": a restore test cannot run more often than every 1m',
    );
    expect(parseSchedule({ cron: '@every' }).error).toMatch(
      /@every needs a duration such as 30m or 6h/,
    );
    expect(
      parseSchedule({ cron: '@every 6h', timezone: 'Europe/Brussels' }).error,
    ).toMatch(/a time zone does not apply/);
  });

  it('reads a CRON_TZ= or TZ= prefix as the time zone', () => {
    expect(
      parseSchedule({ cron: 'CRON_TZ=Europe/Brussels 0 3 * * *' }).schedule,
    ).toEqual({ kind: 'cron', cron: '0 3 * * *', timeZone: 'Europe/Brussels' });
    expect(parseSchedule({ cron: 'TZ=Asia/Kolkata @daily' }).schedule).toEqual({
      kind: 'cron',
      cron: '0 0 * * *',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('takes schedule.timezone, canonical, and refuses one that contradicts CRON_TZ', () => {
    expect(
      parseSchedule({ cron: '0 3 * * *', timezone: 'Europe/Brussels' })
        .schedule,
    ).toEqual({ kind: 'cron', cron: '0 3 * * *', timeZone: 'Europe/Brussels' });
    expect(
      parseSchedule({ cron: '0 3 * * *', timezone: 'utc' }).schedule,
    ).toMatchObject({ timeZone: 'utc' });
    expect(
      parseSchedule({
        cron: 'CRON_TZ=Europe/Paris 0 3 * * *',
        timezone: 'Europe/Brussels',
      }).error,
    ).toBe(
      '"CRON_TZ=Europe/Paris 0 3 * * *" names time zone "Europe/Paris" but schedule.timezone is "Europe/Brussels": keep one of them',
    );
    expect(
      parseSchedule({
        cron: 'CRON_TZ=Europe/Brussels 0 3 * * *',
        timezone: 'Europe/Brussels',
      }).schedule,
    ).toMatchObject({ timeZone: 'Europe/Brussels' });
  });

  it('names an unknown zone, macro or malformed cron', () => {
    expect(
      parseSchedule({ cron: '0 3 * * *', timezone: 'Mars/Olympus' }).error,
    ).toBe(
      '"Mars/Olympus" is not a time zone name (an IANA name such as Europe/Brussels, or UTC)',
    );
    expect(parseSchedule({ cron: '@fortnightly' }).error).toMatch(
      /^invalid cron "@fortnightly": unknown macro \(use one of @yearly, .*@every <duration>\)$/,
    );
    expect(parseSchedule({ cron: '0 0 3 * * *' }).error).toMatch(
      /expected 5 fields .* got 6 fields$/,
    );
    expect(parseSchedule({ cron: '61 3 * * *' }).error).toMatch(
      /^invalid cron "61 3 \* \* \*": /,
    );
  });

  it.each([
    '0 3 L * *',
    '0 3 * * 1#2',
    '0 3 ? * *',
    '0 3 * * 5L',
    '0 3 * * */H',
  ])("refuses %s, which Backstage's scheduler could not run", cron => {
    expect(parseSchedule({ cron }).error).toMatch(
      /Backstage's scheduler cannot run it|invalid cron/,
    );
  });
});
