import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { CronExpressionParser } from 'cron-parser';
import { parseSchedule, Schedule, WrittenSchedule } from './parseSchedule';
import { taskCron } from './taskCron';
import { canonicalZone, schedulerTimeZone } from './timeZones';
import { memoize } from '../util/memoize';

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

/** Fire times sampled to learn a zoned cron's shape in the scheduler's zone: a year covers both DST offsets. */
const HORIZON_MS = 366 * 24 * 3600_000;
const MAX_SAMPLES = 20_000;
/** How late a task may fire and still count as its fire time. */
const MAX_LATENESS_MS = 10 * 60_000;

const FIELDS = ['minute', 'hour', 'day', 'month', 'weekday'] as const;
type Field = (typeof FIELDS)[number];
const FULL: Record<Field, number> = {
  minute: 60,
  hour: 24,
  day: 31,
  month: 12,
  weekday: 7,
};

/**
 * A cron in the scheduler's zone firing at least whenever `cron` fires in
 * `zone`, and how late a firing may be handled without being mistaken for the
 * next one. Remembered: the same few schedules are shared by many tests.
 */
const zonedSuperset = memoize(key => {
  const [cron, zone, local] = JSON.parse(key) as [string, string, string];
  const seen = Object.fromEntries(
    FIELDS.map(f => [f, new Set<number>()]),
  ) as Record<Field, Set<number>>;
  const parts = fieldsIn(local);
  const start = Date.now();
  const fires = CronExpressionParser.parse(cron, {
    tz: zone,
    currentDate: new Date(start),
    endDate: new Date(start + HORIZON_MS),
  });
  for (let n = 0; n < MAX_SAMPLES && fires.hasNext(); n++) {
    const at = parts(fires.next().toDate());
    for (const f of FIELDS) seen[f].add(at[f]);
  }
  const superset = supersetCron(seen);
  return { superset, lateness: latenessFor(superset, local) };
});

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
    isDue: now => isFireTime(cron, zone, now, lateness),
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

/** Whether the cron, read in `zone`, fired at most `lateness` ms before `now`. */
function isFireTime(
  cron: string,
  zone: string,
  now: Date,
  lateness: number,
): boolean {
  // A task fires at or just after its time; a second of slack covers clock skew.
  const previous = CronExpressionParser.parse(cron, {
    currentDate: new Date(now.getTime() + 1000),
    tz: zone,
  })
    .prev()
    .getTime();
  return now.getTime() - previous <= lateness;
}

function supersetCron(seen: Record<Field, Set<number>>): string {
  const list = (f: Field) =>
    seen[f].size === FULL[f] || seen[f].size === 0
      ? '*'
      : [...seen[f]].sort((a, b) => a - b).join(',');
  // Cron ORs a restricted day with a restricted weekday: only one may narrow.
  const narrowWeekday = seen.day.size === FULL.day && list('weekday') !== '*';
  return [
    list('minute'),
    list('hour'),
    narrowWeekday ? '*' : list('day'),
    list('month'),
    narrowWeekday ? list('weekday') : '*',
  ].join(' ');
}

/** Under the shortest gap between two superset firings, so a firing never claims the real time before it. */
function latenessFor(superset: string, local: string): number {
  const ticks = CronExpressionParser.parse(superset, { tz: local });
  let previous = ticks.next().getTime();
  let shortest = Infinity;
  for (let n = 0; n < 2000 && shortest > 60_000; n++) {
    const next = ticks.next().getTime();
    shortest = Math.min(shortest, next - previous);
    previous = next;
  }
  return Math.min(MAX_LATENESS_MS, shortest - 1000);
}

/** A date's cron fields as read in `zone`. */
function fieldsIn(zone: string): (date: Date) => Record<Field, number> {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    minute: 'numeric',
    hour: 'numeric',
    day: 'numeric',
    month: 'numeric',
    weekday: 'short',
  });
  const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  return date => {
    const p = Object.fromEntries(
      format.formatToParts(date).map(x => [x.type, x.value]),
    );
    return {
      minute: Number(p.minute),
      hour: Number(p.hour),
      day: Number(p.day),
      month: Number(p.month),
      weekday: weekdays.indexOf(p.weekday),
    };
  };
}
