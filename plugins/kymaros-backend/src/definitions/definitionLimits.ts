import { InputError } from '@backstage/errors';

/** Bounds on loading definitions, so one entity can never hold up the others. */
export interface CatalogTestSourceLimits {
  /** How long one entity's definition may take to read and parse; default 10 s. */
  entityTimeoutMs?: number;
  /** How many entities are read at once; default 8. */
  concurrency?: number;
  /** Largest definition file read; default 1 MiB. */
  maxFileBytes?: number;
  /** Most definition files one entity may name (lists and directories included); default 32. */
  maxEntityFiles?: number;
  /** Most bytes one entity's definition files may hold together; default 4 MiB. */
  maxEntityBytes?: number;
}

export const DEFAULT_LIMITS: Required<CatalogTestSourceLimits> = {
  entityTimeoutMs: 10_000,
  concurrency: 8,
  maxFileBytes: 1024 * 1024,
  maxEntityFiles: 32,
  maxEntityBytes: 4 * 1024 * 1024,
};

/** The limits with defaults filled in; a value that cannot work is refused by name. */
export function resolveLimits(
  limits: CatalogTestSourceLimits = {},
): Required<CatalogTestSourceLimits> {
  const resolved = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof typeof resolved)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1)
      throw new InputError(
        `limits.${key} must be a positive integer, got ${value}`,
      );
    resolved[key] = value;
  }
  return resolved;
}
