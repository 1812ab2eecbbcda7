import { CronExpressionParser } from 'cron-parser';
import { memoize } from '../util/memoize';

/** How late a task may fire and still count as its fire time. */
const MAX_LATENESS_MS = 10 * 60_000;
const DAY_MINUTES = 24 * 60;
/** Offsets are sampled this often over a year: every DST rule changes at most a few times. */
const SAMPLE_MS = 3 * 3600_000;
const YEAR_MS = 366 * 24 * 3600_000;

const formats = new Map<string, Intl.DateTimeFormat>();

/** Minutes a zone is ahead of UTC at `at`. */
function offsetMinutes(zone: string, at: number): number {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, format);
  }
  const p = Object.fromEntries(
    format.formatToParts(new Date(at)).map(x => [x.type, Number(x.value)]),
  );
  const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return Math.round((local - Math.floor(at / 60_000) * 60_000) / 60_000);
}

/** Every difference between the two zones' offsets over the coming year, in minutes. */
function offsetDifferences(
  zone: string,
  local: string,
  from: number,
): number[] {
  const seen = new Set<number>();
  for (let at = from; at < from + YEAR_MS; at += SAMPLE_MS)
    seen.add(offsetMinutes(zone, at) - offsetMinutes(local, at));
  return [...seen];
}

const sorted = (values: Iterable<number>) =>
  [...new Set(values)].sort((a, b) => a - b);

/**
 * A cron in the backend's zone that fires at least whenever `cron` fires in
 * `zone`, and how late a firing may be handled without being taken for the
 * next one. Each wall-clock time of the cron is moved by every difference the
 * two zones' offsets take in a year (both sides of daylight saving, half-hour
 * zones included); days are left open, as a move may cross midnight. Cheap,
 * and remembered: many tests share a few schedules.
 */
export const zonedSuperset = memoize(key => {
  const [cron, zone, local] = JSON.parse(key) as [string, string, string];
  const { fields } = CronExpressionParser.parse(cron);
  const times = fields.hour.values.flatMap(h =>
    fields.minute.values.map(m => h * 60 + m),
  );
  const moved = offsetDifferences(zone, local, Date.now()).flatMap(d =>
    times.map(t => (((t - d) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES),
  );
  const minutes = sorted(moved.map(t => t % 60));
  const hours = sorted(moved.map(t => Math.floor(t / 60)));
  const list = (values: number[], full: number) =>
    values.length === full ? '*' : values.join(',');
  const superset = `${list(minutes, 60)} ${list(hours, 24)} * * *`;
  return { superset, lateness: latenessOf(minutes, hours) };
});

/** Under the shortest gap between two firings of the superset, at most ten minutes. */
function latenessOf(minutes: number[], hours: number[]): number {
  const ticks = hours.flatMap(h => minutes.map(m => h * 60 + m));
  let shortest = DAY_MINUTES;
  ticks.forEach((t, i) => {
    const next = i + 1 < ticks.length ? ticks[i + 1] : ticks[0] + DAY_MINUTES;
    shortest = Math.min(shortest, next - t);
  });
  return Math.min(MAX_LATENESS_MS, shortest * 60_000 - 1000);
}

/** `2026-11-01 01:30` in `zone`: two instants with the same one are the same wall-clock time. */
function wallClock(zone: string, at: number): number {
  return Math.floor(at / 60_000) + offsetMinutes(zone, at);
}

/**
 * Whether `cron`, read in `zone`, fired at most `lateness` ms before `now`,
 * for the first time at that wall-clock time: when clocks go back, a time in
 * the repeated hour is a fire time twice, and runs once.
 */
export function isZonedFireTime(
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
  if (now.getTime() - previous > lateness) return false;
  const clock = wallClock(zone, previous);
  // Daylight saving moves clocks by 30 minutes or an hour.
  return ![30, 60].some(
    back => wallClock(zone, previous - back * 60_000) === clock,
  );
}
