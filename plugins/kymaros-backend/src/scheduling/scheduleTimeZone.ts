import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';
import { parseSchedule } from './parseSchedule';
import { canonicalZone, schedulerTimeZone } from './timeZones';

/**
 * The zone a test's cron fires in, so a reader of "0 3 * * *" knows which
 * 03:00: the one it names, else the scheduler's. None for an interval or a
 * schedule that does not parse.
 */
export function scheduleTimeZone(
  schedule: RestoreTestSpec['schedule'] | undefined,
): string | undefined {
  if (!schedule) return undefined;
  const parsed = parseSchedule(schedule);
  if (!('schedule' in parsed) || parsed.schedule?.kind !== 'cron')
    return undefined;
  const zone = parsed.schedule.timeZone ?? schedulerTimeZone();
  return canonicalZone(zone) ?? zone;
}
