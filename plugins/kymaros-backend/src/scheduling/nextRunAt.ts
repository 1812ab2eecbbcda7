import { CronExpressionParser } from 'cron-parser';

/** The scheduler's time zone: the backend process's own, as Backstage's scheduler evaluates cron in it. */
export const schedulerTimeZone = (): string =>
  Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

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
