import { InputError } from '@backstage/errors';

/**
 * Which spellings a caller accepts beyond Go's `time.ParseDuration` grammar
 * (`1h30m`, `250ms`, `1.5h`, `0`).
 *
 * Where `d` is accepted: Kymaros definitions (RestoreTest YAML, catalog
 * annotations such as `kymaros.io/max-rto`, app-config defaults) are
 * Kubernetes `metav1.Duration`s, which Go parses without a day unit, so they
 * reject `7d` exactly as the Kymaros controller would. The simulator's
 * scenarios (backup ages like `3d`) and the frontend, reading strings that
 * people or older reports wrote, accept `d` as 24 hours.
 *
 * @public
 */
export interface DurationSyntax {
  /** Accept `d` as 24 hours. */
  days?: boolean;
  /** Read a bare number (`90`) as seconds, so a value stored without a unit still shows. */
  bareSeconds?: boolean;
}

// Sub-millisecond units divide rather than multiply so that 1500us is exactly 1.5.
const unitMs: Record<string, (amount: number) => number> = {
  ns: amount => amount / 1e6,
  us: amount => amount / 1e3,
  µs: amount => amount / 1e3, // U+00B5 micro sign
  μs: amount => amount / 1e3, // U+03BC Greek mu; Go accepts both
  ms: amount => amount,
  s: amount => amount * 1000,
  m: amount => amount * 60_000,
  h: amount => amount * 3_600_000,
  d: amount => amount * 86_400_000,
};

const number = String.raw`\d+(?:\.\d+)?`;
const unit = 'ns|us|µs|μs|ms|s|m|h|d';
const bareNumber = new RegExp(`^${number}$`);
const wholeDuration = new RegExp(`^(?:${number}(?:${unit}))+$`);
const durationPart = new RegExp(`(${number})(${unit})`, 'g');

/** Longest part of a rejected value an error message repeats, so a pasted blob cannot flood a table cell. */
const QUOTED_MAX = 32;

function quoted(text: string): string {
  if (text.length <= QUOTED_MAX) return JSON.stringify(text);
  return `${JSON.stringify(`${text.slice(0, QUOTED_MAX - 1)}…`)} (${
    text.length
  } characters)`;
}

/** What is wrong with a value that almost is a duration, when that can be said. */
function hint(value: string, syntax: DurationSyntax): string | undefined {
  if (/^[-+]/.test(value)) return 'a duration cannot be signed';
  if (bareNumber.test(value)) return 'the number needs a unit, such as s';
  if (!syntax.days && wholeDuration.test(value)) {
    return 'days are not accepted here: write 24h for one day';
  }
  return undefined;
}

function rejection(text: string, value: string, syntax: DurationSyntax) {
  const reason = hint(value, syntax);
  return new InputError(
    `invalid duration ${quoted(
      text,
    )}: expected a duration such as 30s, 5m or 1h30m${
      reason ? ` (${reason})` : ''
    }`,
  );
}

/**
 * Milliseconds in a Go-style duration (`30s`, `1m30s`, `1.5h`, `500ms`, `0`);
 * throws an InputError naming the value otherwise.
 *
 * @public
 */
export function parseDuration(
  text: string,
  syntax: DurationSyntax = {},
): number {
  const value = text.trim();
  if (value === '0') return 0;
  if (syntax.bareSeconds && bareNumber.test(value)) return Number(value) * 1000;
  const parts = wholeDuration.test(value)
    ? [...value.matchAll(durationPart)]
    : [];
  if (!parts.length || (!syntax.days && parts.some(([, , u]) => u === 'd'))) {
    throw rejection(text, value, syntax);
  }
  return parts.reduce(
    (ms, [, amount, partUnit]) => ms + unitMs[partUnit](Number(amount)),
    0,
  );
}

/**
 * Like parseDuration, but undefined instead of an error for a missing or malformed value.
 *
 * @public
 */
export function tryParseDuration(
  text: string | undefined,
  syntax: DurationSyntax = {},
): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text, syntax);
  } catch {
    return undefined;
  }
}

/**
 * Formats milliseconds the way reports store durations: Go's
 * `time.Duration` style (`0s`, `450ms`, `8s`, `5m0s`, `4h0m12s`), with
 * seconds rounded to a tenth under a minute (`1.2s`) and to whole seconds
 * above, since report readers care about neither microseconds nor noise.
 *
 * @public
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0s';
  const rounded = Math.round(ms);
  if (rounded < 1000) return rounded === 0 ? '0s' : `${rounded}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) {
    const seconds = tenths / 10;
    return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
  }
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0
    ? `${hours}h${minutes}m${seconds}s`
    : `${minutes}m${seconds}s`;
}

/**
 * formatDuration without zero trailing units (`30m`, `1h`, `1h30m`, `11m35s`,
 * `4h0m12s`), the way people write a target such as `sla.maxRTO`. Reports
 * use it for every duration of the RTO (`rto.measured`, `rto.target` and the
 * `rtoCompliance` detail), so a measurement and its target read alike.
 *
 * @public
 */
export function formatCompactDuration(ms: number): string {
  return formatDuration(ms)
    .replace(/([hm])0s$/, '$1')
    .replace(/h0m$/, 'h');
}

/** The two largest units of a whole-second duration, dropping a zero second one. */
function largestUnits(totalSeconds: number): [number, string][] {
  const days = Math.floor(totalSeconds / 86400);
  const hours = Math.floor((totalSeconds % 86400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (days)
    return [
      [days, 'd'],
      [hours, 'h'],
    ];
  if (hours)
    return [
      [hours, 'h'],
      [minutes, 'm'],
    ];
  if (minutes)
    return [
      [minutes, 'm'],
      [seconds, 's'],
    ];
  return [[seconds, 's']];
}

/**
 * A short duration for people to read (`45s`, `11m 35s`, `4h 12m`, `2d 3h`):
 * two units at most, as a glance at a card needs no more; `—` for a value
 * that is not a duration.
 *
 * @public
 */
export function formatHumanDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return ms === 0 ? '0s' : `${Math.round(ms)}ms`;
  return largestUnits(Math.round(ms / 1000))
    .filter(([amount], i) => i === 0 || amount > 0)
    .map(([amount, name]) => `${amount}${name}`)
    .join(' ');
}
