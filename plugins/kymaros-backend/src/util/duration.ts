import { InputError } from '@backstage/errors';

// Sub-millisecond units divide rather than multiply so that 1500us is exactly 1.5.
const unitMs: Record<string, (n: number) => number> = {
  ns: n => n / 1e6,
  us: n => n / 1e3,
  µs: n => n / 1e3,
  ms: n => n,
  s: n => n * 1000,
  m: n => n * 60_000,
  h: n => n * 3_600_000,
};

const wholeDuration = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const durationPart = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** Parses a Go-style duration (`30s`, `1m30s`, `1.5h`, `500ms`, `0`) into milliseconds, as Kymaros YAML writes them. */
export function parseDuration(text: string): number {
  const value = text.trim();
  if (value === '0') return 0;
  if (!wholeDuration.test(value)) {
    throw new InputError(
      `invalid duration "${text}": expected a duration such as 30s, 5m or 1h30m`,
    );
  }
  let ms = 0;
  for (const [, amount, unit] of value.matchAll(durationPart)) {
    ms += unitMs[unit](Number(amount));
  }
  return ms;
}

/**
 * Formats milliseconds the way the report shows durations: Go's
 * `time.Duration` style (`0s`, `450ms`, `8s`, `5m0s`, `4h0m12s`), with
 * seconds rounded to a tenth under a minute (`1.2s`) and to whole seconds
 * above, since report readers care about neither microseconds nor noise.
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

/** Like parseDuration, but undefined instead of an error for a missing or malformed value. */
export function tryParseDuration(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  try {
    return parseDuration(text);
  } catch {
    return undefined;
  }
}
