import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { CronExpressionParser } from 'cron-parser';
import { parseSchedule, Schedule, WrittenSchedule } from './parseSchedule';
import { taskCron } from './taskCron';
import { canonicalZone, schedulerTimeZone } from './timeZones';
import { isZonedFireTime, zonedSuperset } from './zonedCron';

/** How a test's scheduler task is registered with Backstage's scheduler. */
export interface TaskCadence {
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'];
  initialDelay?: SchedulerServiceTaskScheduleDefinition['initialDelay'];
  /**
   * For a schedule the task runs on a superset of: whether the task firing
   * at `now` is one of the test's own times. Absent when every firing is.
   */
  isDue?(now: Date): boolean;
}

/**
 * The cadence of a test's task. Backstage's scheduler evaluates cron in the
 * backend's own time zone only, so a cron in another zone is registered on a
 * superset of its fire times in the backend's zone (the UTC hours 01 and 02
 * for 03:00 in Brussels, say), and `isDue` tells the real ones apart; the
 * run still starts through the same global task, once, on one replica.
 */
export function taskCadence(schedule: Schedule, testId: string): TaskCadence {
  // A new test runs once on its own right away: the interval starts after it.
  if (schedule.kind === 'every')
    return {
      frequency: { milliseconds: schedule.everyMs },
      initialDelay: { milliseconds: schedule.everyMs },
    };
  const cron = taskCron(schedule.cron, testId);
  const zone = schedule.timeZone;
  if (
    zone === undefined ||
    canonicalZone(zone) === canonicalZone(schedulerTimeZone())
  )
    return { frequency: { cron } };
  const { superset, lateness } = zonedSuperset(
    JSON.stringify([cron, zone, schedulerTimeZone()]),
  );
  return {
    frequency: { cron: superset },
    isDue: now => isZonedFireTime(cron, zone, now, lateness),
  };
}

/** When the test runs next after `from` on its own schedule, as an ISO string. */
export function nextScheduledRun(
  schedule: Schedule,
  testId: string,
  from: Date = new Date(),
): string | undefined {
  if (schedule.kind === 'every')
    return new Date(from.getTime() + schedule.everyMs).toISOString();
  try {
    return CronExpressionParser.parse(taskCron(schedule.cron, testId), {
      currentDate: from,
      tz: schedule.timeZone ?? schedulerTimeZone(),
    })
      .next()
      .toDate()
      .toISOString();
  } catch {
    return undefined;
  }
}

/** When a test whose definition wrote this schedule runs next; undefined for an unusable one. */
export function nextRunAt(
  written: WrittenSchedule,
  testId: string,
  from: Date = new Date(),
): string | undefined {
  const { schedule } = parseSchedule(written);
  return schedule && nextScheduledRun(schedule, testId, from);
}
