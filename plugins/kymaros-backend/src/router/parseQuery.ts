import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

export const MAX_LIMIT = 100;

/** The `entityRef` query parameter in its canonical (lower-case) form, if given. */
export function parseEntityRefParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError('entityRef must be given once');
  }
  try {
    return stringifyEntityRef(parseEntityRef(value));
  } catch (error) {
    throw new InputError(`Invalid entityRef: ${(error as Error).message}`);
  }
}

/** The `limit` query parameter: a whole number from 1 to MAX_LIMIT, MAX_LIMIT if absent. */
export function parseLimitParam(value: unknown): number {
  if (value === undefined) return MAX_LIMIT;
  const limit =
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(limit >= 1 && limit <= MAX_LIMIT)) {
    throw new InputError(
      `limit must be a whole number from 1 to ${MAX_LIMIT}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return limit;
}
