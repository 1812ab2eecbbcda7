import { CronExpressionParser } from 'cron-parser';
import { CronTime } from 'cron';
import { taskCron } from './taskCron';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import { quote } from '../definitions/quote';
import { memoize } from '../util/memoize';
import { canonicalZone } from './timeZones';

/** How often a test runs, once read from what its definition wrote. */
export type Schedule =
  /** A 5-field cron (`H` allowed), evaluated in `timeZone` (default: the scheduler's). */
  | { kind: 'cron'; cron: string; timeZone?: string }
  /** `@every <duration>`: every `everyMs` from the test's first registration. */
  | { kind: 'every'; everyMs: number };

/** What a RestoreTest writes under `spec.schedule`. */
export interface WrittenSchedule {
  cron: string;
  timezone?: string;
}

/** The shortest `@every` interval: a restore test more often than this only loads the cluster. */
export const MIN_EVERY_MS = 60_000;

/** The macros the Kymaros operator's cron parser (robfig/cron) accepts, as the 5-field cron each stands for. */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** `CRON_TZ=Europe/Paris 0 3 * * *` (or `TZ=`), as robfig/cron reads a zone prefix. */
const zonePrefix = /^(?:CRON_TZ|TZ)=(\S+)\s+(.*)$/s;

type Parsed =
  | { schedule: Schedule; error?: undefined }
  | { schedule?: undefined; error: string };

/**
 * Reads a schedule as the Kymaros operator does: 5 cron fields, a macro
 * (`@daily`…), `@every <duration>`, an optional `CRON_TZ=` prefix, and
 * `timezone` beside it. Errors quote what was written and say what is
 * expected. Remembered per schedule: every catalog pass checks every test.
 */
const parseKey = memoize((key: string): Parsed => {
  const [cron, timezone] = JSON.parse(key) as [string, string | undefined];
  return readSchedule(cron, timezone ?? undefined);
});

export function parseSchedule(written: WrittenSchedule): Parsed {
  return parseKey(JSON.stringify([written.cron, written.timezone]));
}

function readSchedule(written: string, timezone?: string): Parsed {
  let text = written.trim();
  let zone = timezone;
  const prefixed = zonePrefix.exec(text);
  if (prefixed) {
    if (timezone !== undefined && !sameZone(timezone, prefixed[1]))
      return {
        error: `${quote(written)} names time zone ${quote(
          prefixed[1],
        )} but schedule.timezone is ${quote(timezone)}: keep one of them`,
      };
    zone = prefixed[1];
    text = prefixed[2].trim();
  }
  const zoneError = zone === undefined ? undefined : timeZoneError(zone);
  if (zoneError) return { error: zoneError };
  // Kept as written (ICU would turn Asia/Kolkata into Asia/Calcutta); compared canonically.
  const timeZone = zone;
  if (text.startsWith('@every')) return readEvery(written, text, timeZone);
  const cron = MACROS[text.toLowerCase()] ?? text;
  if (cron.startsWith('@'))
    return {
      error: `invalid cron ${quote(written)}: unknown macro (use one of ${[
        ...Object.keys(MACROS),
        '@every <duration>',
      ].join(', ')})`,
    };
  const error = cronFieldsError(written, cron);
  return error ? { error } : { schedule: { kind: 'cron', cron, timeZone } };
}

function readEvery(written: string, text: string, timeZone?: string): Parsed {
  const value = text.slice('@every'.length).trim();
  const everyMs = tryParseDuration(value);
  if (everyMs === undefined || everyMs <= 0)
    return {
      error: `invalid cron ${quote(
        written,
      )}: @every needs a duration such as 30m or 6h`,
    };
  if (everyMs < MIN_EVERY_MS)
    return {
      error: `invalid cron ${quote(
        written,
      )}: a restore test cannot run more often than every 1m`,
    };
  // An interval has no wall-clock time, so a zone would be silently meaningless.
  if (timeZone !== undefined)
    return {
      error: `invalid cron ${quote(
        written,
      )}: @every runs at an interval, so a time zone does not apply; remove it`,
    };
  return { schedule: { kind: 'every', everyMs } };
}

/** Rejects what cron-parser accepts but a 5-field schedule must not be (seconds fields, garbage). */
function cronFieldsError(written: string, cron: string): string | undefined {
  const fields = cron.split(/\s+/);
  if (fields.length !== 5)
    return `invalid cron ${quote(
      written,
    )}: expected 5 fields (minute hour day month weekday), a macro such as @daily, or @every <duration>; got ${
      fields.length
    } fields`;
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC' });
  } catch (e) {
    return `invalid cron ${quote(written)}: ${
      e instanceof Error ? e.message : String(e)
    }`;
  }
  return schedulerCronError(written, cron);
}

/**
 * Backstage's scheduler reads the cron it is given with the \`cron\` package,
 * which knows fewer forms than cron-parser: a test that loaded would never
 * be registered. Checked with any seed, as \`H\` resolves to plain numbers.
 */
function schedulerCronError(written: string, cron: string): string | undefined {
  try {
    // eslint-disable-next-line no-new
    new CronTime(taskCron(cron, 'validation'));
    return undefined;
  } catch {
    return `invalid cron ${quote(
      written,
    )}: Backstage's scheduler cannot run it (numbers, names, ranges, lists, steps and H only; not L, W, # or ?)`;
  }
}

function timeZoneError(zone: string): string | undefined {
  return canonicalZone(zone) === undefined
    ? `${quote(
        zone,
      )} is not a time zone name (an IANA name such as Europe/Brussels, or UTC)`
    : undefined;
}

function sameZone(a: string, b: string): boolean {
  const ca = canonicalZone(a);
  return ca !== undefined && ca === canonicalZone(b);
}
