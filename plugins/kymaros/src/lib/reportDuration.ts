import {
  formatHumanDuration,
  tryParseDuration,
  type DurationSyntax,
} from '@kymaros/plugin-kymaros-common';

/**
 * Reports stored before their numeric fields existed, and annotations people
 * typed, carry only strings; reading them leniently (days, bare seconds) shows
 * whatever is there rather than nothing.
 */
const LENIENT: DurationSyntax = { days: true, bareSeconds: true };

/** One duration of a report: its millisecond field when present, its string otherwise. */
export interface DurationValue {
  ms?: number;
  text?: string;
}

/** Milliseconds of a duration, preferring the number the backend wrote over parsing the string. */
export function durationMs({ ms, text }: DurationValue): number | undefined {
  return ms ?? tryParseDuration(text, LENIENT);
}

/** A duration for reading (`11m 35s`); `—` when absent, the string as given when it is no duration. */
export function showDuration(value: DurationValue): string {
  const ms = durationMs(value);
  if (ms !== undefined) return formatHumanDuration(ms);
  return value.text || '—';
}
