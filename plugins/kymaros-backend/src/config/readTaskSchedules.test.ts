import { ConfigReader } from '@backstage/config';
import { readTaskSchedules } from './readTaskSchedules';

const read = (kymaros: object) =>
  readTaskSchedules(new ConfigReader(kymaros, 'test', undefined, 'kymaros'));

describe('readTaskSchedules', () => {
  it('has the documented defaults and fixed scopes', () => {
    expect(read({})).toEqual({
      refreshTests: {
        frequency: { seconds: 15 },
        timeout: { minutes: 2 },
        scope: 'global',
      },
      syncSchedules: {
        frequency: { seconds: 15 },
        timeout: { minutes: 1 },
        initialDelay: { seconds: 1 },
        scope: 'local',
      },
      reaper: {
        frequency: { minutes: 1 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 30 },
        scope: 'local',
      },
    });
  });

  it('takes each configured field over its default', () => {
    const { reaper, refreshTests } = read({
      schedules: {
        reaper: { frequency: { minutes: 3 } },
        refreshTests: { frequency: { cron: '*/5 * * * *' }, timeout: '30s' },
      },
    });
    expect(reaper).toMatchObject({
      frequency: { minutes: 3 },
      timeout: { minutes: 5 },
      initialDelay: { seconds: 30 },
    });
    expect(refreshTests).toMatchObject({
      frequency: { cron: '*/5 * * * *' },
      timeout: { seconds: 30 },
    });
  });

  it('keeps the older shorthand keys working', () => {
    const { reaper, refreshTests } = read({
      reaper: { interval: '5s', initialDelay: '2s' },
      catalog: { refreshInterval: '1m' },
    });
    expect(reaper).toMatchObject({
      frequency: { milliseconds: 5000 },
      initialDelay: { milliseconds: 2000 },
    });
    expect(refreshTests.frequency).toEqual({ milliseconds: 60_000 });
  });

  it('refuses a shorthand and the field it sets together', () => {
    expect(() =>
      read({
        reaper: { interval: '5s' },
        schedules: { reaper: { frequency: { seconds: 5 } } },
      }),
    ).toThrow(
      'kymaros.reaper.interval and kymaros.schedules.reaper.frequency both set the same thing; keep one',
    );
  });

  it('refuses a scope, which would break the task', () => {
    expect(() => read({ schedules: { reaper: { scope: 'global' } } })).toThrow(
      'kymaros.schedules.reaper.scope: the scope of this task is fixed (local); remove the key',
    );
  });

  it('names the key of an invalid duration', () => {
    expect(() =>
      read({ schedules: { syncSchedules: { timeout: 'soon' } } }),
    ).toThrow('kymaros.schedules.syncSchedules');
    expect(() => read({ reaper: { interval: 'often' } })).toThrow(
      'kymaros.reaper.interval: invalid duration "often"',
    );
  });
});
