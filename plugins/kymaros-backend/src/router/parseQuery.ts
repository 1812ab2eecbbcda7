import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { describeError } from '../util/errors';

export const MAX_LIMIT = 100;

const validator = makeValidator();

/** The `entityRef` query parameter in its canonical (lower-case) form, if given. */
export function parseEntityRefParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError('entityRef must be given once');
  }
  let ref;
  try {
    ref = parseEntityRef(value);
  } catch (error) {
    throw new InputError(`Invalid entityRef: ${describeError(error)}`);
  }
  // parseEntityRef splits on the separators only; "bad::ref" would pass.
  const bad = [
    !validator.isValidKind(ref.kind) && `kind "${ref.kind}"`,
    !validator.isValidNamespace(ref.namespace) &&
      `namespace "${ref.namespace}"`,
    !validator.isValidEntityName(ref.name) && `name "${ref.name}"`,
  ].filter(Boolean);
  if (bad.length)
    throw new InputError(
      `Invalid entityRef "${value}": ${bad.join(
        ', ',
      )} is not valid; expected kind:namespace/name, e.g. component:default/orders`,
    );
  return stringifyEntityRef(ref);
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
