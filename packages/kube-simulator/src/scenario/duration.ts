import {
  parseDuration as parseGoDuration,
  tryParseDuration,
  type DurationSyntax,
} from '@kymaros/plugin-kymaros-common';

/**
 * The durations the simulator reads (scenario fields, behaviour annotations,
 * Velero's `spec.ttl`) accept `d`, unlike Kymaros definitions, so demo
 * backups can be days old.
 */
const SIMULATOR_SYNTAX: DurationSyntax = { days: true };

/** Milliseconds in `500ms`, `1h30m`, `3d` or `0`; throws an InputError naming the value otherwise. */
export function parseDuration(text: string): number {
  return parseGoDuration(text, SIMULATOR_SYNTAX);
}

/** Whether a scenario may use the value as a duration. */
export function isDuration(text: string): boolean {
  return tryParseDuration(text, SIMULATOR_SYNTAX) !== undefined;
}
