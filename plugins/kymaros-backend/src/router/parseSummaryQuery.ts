import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  SUMMARY_OUTCOMES,
  SUMMARY_SORTS,
  type SummaryOutcome,
  type SummarySort,
} from '@kymaros/plugin-kymaros-common';
import type { TestSummaryQuery } from '../store/KymarosStore';
import {
  parseSingleParam,
  parseWholeNumberParam,
  quoteParam,
} from './parseQuery';

export const SUMMARY_LIMIT = { default: 100, max: 500 };
const MAX_OFFSET = 1_000_000_000;
const MAX_SEARCH = 200;

const KNOWN = [
  'limit',
  'offset',
  'result',
  'owner',
  'rpo',
  'search',
  'sort',
  'order',
];

export type SummaryParams = Omit<TestSummaryQuery, 'entityRefs'>;

/** The query parameters of `GET /summary`; anything else is a 400 naming the parameter and value. */
export function parseSummaryQuery(
  query: Record<string, unknown>,
): SummaryParams {
  const unknown = Object.keys(query).filter(key => !KNOWN.includes(key));
  if (unknown.length) {
    throw new InputError(
      `Unknown query parameter ${quoteParam(unknown[0])}; expected ${KNOWN.join(
        ', ',
      )}`,
    );
  }
  const owner = parseSingleParam('owner', query.owner);
  return {
    limit:
      parseWholeNumberParam('limit', query.limit, 1, SUMMARY_LIMIT.max) ??
      SUMMARY_LIMIT.default,
    offset: parseWholeNumberParam('offset', query.offset, 0, MAX_OFFSET) ?? 0,
    outcome: oneOf<SummaryOutcome>(query, 'result', SUMMARY_OUTCOMES),
    owner: owner === undefined ? undefined : ownerRef(owner),
    rpo: oneOf(query, 'rpo', ['breached'] as const),
    search: search(query),
    sort: oneOf<SummarySort>(query, 'sort', SUMMARY_SORTS) ?? 'worst',
    order: oneOf(query, 'order', ['asc', 'desc'] as const) ?? 'asc',
  };
}

function oneOf<T extends string>(
  query: Record<string, unknown>,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = parseSingleParam(name, query[name]);
  if (value === undefined || allowed.includes(value as T))
    return value as T | undefined;
  throw new InputError(
    `${name} must be one of ${allowed.join(', ')}, got ${quoteParam(value)}`,
  );
}

/** As the catalog pass stores owners: a group in the default namespace unless the ref says otherwise. */
function ownerRef(value: string): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(value, {
        defaultKind: 'group',
        defaultNamespace: 'default',
      }),
    );
  } catch {
    throw new InputError(
      `owner must be an entity ref such as group:default/team-a, got ${quoteParam(
        value,
      )}`,
    );
  }
}

function search(query: Record<string, unknown>): string | undefined {
  const value = parseSingleParam('search', query.search);
  if (value !== undefined && value.length > MAX_SEARCH) {
    throw new InputError(
      `search must be at most ${MAX_SEARCH} characters, got ${value.length}`,
    );
  }
  return value?.trim() || undefined;
}
