import { viewerTimeZone } from './viewerTimeZone';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86400],
  ['month', 30 * 86400],
  ['week', 7 * 86400],
  ['day', 86400],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** One formatter per zone and style: building them is costly, tables ask per row. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(
  style: 'full' | 'short' | 'zone',
  timeZone: string,
): Intl.DateTimeFormat {
  const key = `${style} ${timeZone}`;
  let found = formatters.get(key);
  if (!found) {
    const options: Intl.DateTimeFormatOptions = {
      full: {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      } as const,
      short: {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      } as const,
      zone: { timeZoneName: 'short' } as const,
    }[style];
    found = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

/** `3 hours ago`, `in 5 minutes`. */
export function formatRelative(iso: string, now = Date.now()): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const diff = (time - now) / 1000;
  for (const [unit, seconds] of UNITS) {
    if (Math.abs(diff) >= seconds || unit === 'second') {
      return relativeFormat.format(Math.round(diff / seconds), unit);
    }
  }
  return iso;
}

/** `5 Dec 2026, 23:10 CET`: in the viewer's time zone (or the one given), named. */
export function formatDateTime(
  iso: string,
  timeZone = viewerTimeZone(),
): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatter('full', timeZone).format(time);
}

/** `5 Dec 2026, 23:10 CET (2 hours ago)`: when, and how long from now. */
export function formatWhen(
  iso: string,
  now = Date.now(),
  timeZone = viewerTimeZone(),
): string {
  if (Number.isNaN(Date.parse(iso))) return iso;
  return `${formatDateTime(iso, timeZone)} (${formatRelative(iso, now)})`;
}

/** `5 Dec, 23:10` in the viewer's zone, for pickers and chart labels whose zone is named beside them. */
export function formatShortDateTime(
  iso: string,
  timeZone = viewerTimeZone(),
): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? iso : formatter('short', timeZone).format(time);
}

/** A zone's short name at a moment (`CET`, `GMT-5`), for "times in …" captions. */
export function zoneName(
  timeZone = viewerTimeZone(),
  at: number = Date.now(),
): string {
  const part = formatter('zone', timeZone)
    .formatToParts(at)
    .find(p => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/**
 * A cron's zone as a reader needs it: the IANA name, with the short name it
 * goes by now when that differs (`Europe/Brussels, CET`).
 */
export function describeZone(timeZone: string, at: number = Date.now()) {
  let short: string;
  try {
    short = zoneName(timeZone, at);
  } catch {
    return timeZone;
  }
  return short === timeZone ? timeZone : `${timeZone}, ${short}`;
}
