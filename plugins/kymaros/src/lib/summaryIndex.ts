import type {
  SummaryItem,
  SummaryQuery,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosApi } from '../api';

/** The summary API's largest page. */
const PAGE_SIZE = 500;
/** Pages read at most (5000 tests): beyond, entities show no result rather than the page waiting. */
const MAX_PAGES = 10;

/** Each tested entity's worst test, by lower-cased entity ref. */
export type SummaryIndex = Map<string, SummaryItem>;

/**
 * Every test the caller may read (of one owner, when given), worst first,
 * with the first page's response for its totals and coverage gaps.
 */
export async function loadSummaryItems(
  api: Pick<KymarosApi, 'getSummary'>,
  filter: Pick<SummaryQuery, 'owner'> = {},
): Promise<{ items: SummaryItem[]; first: SummaryResponse }> {
  const items: SummaryItem[] = [];
  let first: SummaryResponse | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const response = await api.getSummary({
      limit: PAGE_SIZE,
      offset: page * PAGE_SIZE,
      sort: 'worst',
      ...filter,
    });
    first ??= response;
    items.push(...response.items);
    if ((page + 1) * PAGE_SIZE >= response.totalItems) break;
  }
  return { items, first: first! };
}

/** The worst test of each entity: items come worst first, so the first seen is kept. */
export function indexByEntity(items: SummaryItem[]): SummaryIndex {
  const index: SummaryIndex = new Map();
  for (const item of items) {
    const key = item.entityRef.toLowerCase();
    if (!index.has(key)) index.set(key, item);
  }
  return index;
}
