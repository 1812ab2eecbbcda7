import { memoize } from '../util/memoize';

let processTimeZone: string | undefined;

/**
 * The scheduler's time zone: the backend process's own, as Backstage's
 * scheduler evaluates cron in it. Read once: resolving it costs a
 * DateTimeFormat per call, and every finished run asks.
 */
export const schedulerTimeZone = (): string =>
  (processTimeZone ??=
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

/** The IANA name a time zone resolves to (`utc` → `UTC`), or undefined for no known zone. */
export const canonicalZone = memoize((timeZone: string) => {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone }).resolvedOptions()
      .timeZone;
  } catch {
    return undefined;
  }
});
