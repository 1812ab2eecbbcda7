import { CronExpressionParser } from 'cron-parser';

let processTimeZone: string | undefined;

/**
 * The scheduler's time zone: the backend process's own, as Backstage's
 * scheduler evaluates cron in it. Read once: resolving it costs a
 * DateTimeFormat per call, and every finished run asks.
 */
export const schedulerTimeZone = (): string =>
  (processTimeZone ??=
    Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC');

/** Next time a cron expression fires after `from`, as an ISO string (undefined for an invalid cron). */
export function nextRunAt(
  cron: string,
  from: Date = new Date(),
  tz: string = schedulerTimeZone(),
): string | undefined {
  try {
    return CronExpressionParser.parse(cron, { currentDate: from, tz })
      .next()
      .toDate()
      .toISOString();
  } catch {
    return undefined;
  }
}
