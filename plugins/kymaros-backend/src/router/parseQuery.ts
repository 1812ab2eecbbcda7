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
  return parseWholeNumberParam('limit', value, 1, MAX_LIMIT) ?? MAX_LIMIT;
}

/**
 * The `reports` query parameter of `/tests`: how many of each test's newest
 * reports to include, if any. Only one entity's tests may carry them: every
 * test's would be an unbounded answer.
 */
export function parseReportsParam(
  value: unknown,
  entityRef: string | undefined,
): number | undefined {
  const reports = parseWholeNumberParam('reports', value, 1, MAX_LIMIT);
  if (reports !== undefined && entityRef === undefined) {
    throw new InputError('reports may only be given with entityRef');
  }
  return reports;
}

/** A query parameter given at most once, as written. */
export function parseSingleParam(
  name: string,
  value: unknown,
): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new InputError(
    `${name} must be given once, got ${JSON.stringify(value)}`,
  );
}

/** A whole-number query parameter from `min` to `max`, if given. */
export function parseWholeNumberParam(
  name: string,
  value: unknown,
  min: number,
  max: number,
): number | undefined {
  const text = parseSingleParam(name, value);
  if (text === undefined) return undefined;
  const n = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(n >= min && n <= max)) {
    throw new InputError(
      `${name} must be a whole number from ${min} to ${max}, got ${quoteParam(
        text,
      )}`,
    );
  }
  return n;
}

/** A parameter's value in an error message, cut short when long. */
export function quoteParam(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}
