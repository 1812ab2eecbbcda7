import { schedulerTimeZone } from '../scheduling/nextRunAt';
import { quote } from './quote';
import { memoize } from '../util/memoize';

/** The IANA name a time zone resolves to (`utc` → `UTC`), or undefined for no known zone. */
const canonicalZone = memoize(resolveZone);

function resolveZone(timeZone: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions()
      .timeZone;
  } catch {
    return undefined;
  }
}

/**
 * Why a schedule's `timezone` cannot be honoured, if it cannot. The scheduler
 * evaluates every cron in the backend's own time zone, so only that zone
 * means what it says; any other would silently shift the runs.
 */
export function timezoneError(timezone: string): string | undefined {
  const wanted = canonicalZone(timezone);
  if (wanted === undefined)
    return `${quote(
      timezone,
    )} is not a time zone name (an IANA name such as Europe/Paris, or UTC)`;
  const scheduler = schedulerTimeZone();
  if (wanted === canonicalZone(scheduler)) return undefined;
  return `${quote(
    timezone,
  )} is not supported: schedules run in the backend's time zone (${scheduler}); remove it or write the cron in ${scheduler}`;
}
