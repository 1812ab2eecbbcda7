import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';

/** A duration under `kymaros` (e.g. `30s`, `5m`, `2h`) in milliseconds; a bad one is refused with its key. */
export function readDurationMs(
  kymaros: Config | undefined,
  key: string,
  fallback: string,
): number {
  const text = kymaros?.getOptionalString(key) ?? fallback;
  const ms = tryParseDuration(text);
  if (ms === undefined)
    throw new InputError(
      `kymaros.${key}: invalid duration "${text}" (use e.g. 30s, 5m, 2h)`,
    );
  return ms;
}

/** A whole number ≥ 1 under `kymaros`; anything else is refused with its key. */
export function readWholeNumber(
  kymaros: Config | undefined,
  key: string,
  fallback: number,
): number {
  const value = kymaros?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`kymaros.${key}: must be a whole number ≥ 1`);
  return value;
}
