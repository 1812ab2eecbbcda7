import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import { QUANTITY_EXPECTATION, QUANTITY_PATTERN } from '../sandbox/quantity';

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

/** A resource quantity under `kymaros` (`500m`, `8Gi`); one the API server would refuse stops start-up with its key. */
export function readQuantity(
  kymaros: Config | undefined,
  key: string,
  fallback: string,
): string;
export function readQuantity(
  kymaros: Config | undefined,
  key: string,
): string | undefined;
export function readQuantity(
  kymaros: Config | undefined,
  key: string,
  fallback?: string,
): string | undefined {
  const value = kymaros?.getOptionalString(key) ?? fallback;
  if (value !== undefined && !QUANTITY_PATTERN.test(value))
    throw new InputError(
      `kymaros.${key}: must be ${QUANTITY_EXPECTATION}, got "${value}"`,
    );
  return value;
}
