import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  coverageGapOwner,
  kymarosReportReadPermission,
  type NotOptedInItem,
  type SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import type { KymarosStore } from '../store/KymarosStore';
import type { CoverageGaps } from './CoverageGaps';
import type { SummaryParams } from './parseSummaryQuery';
import { readScopes, withinScopes, type ReadScope } from './readScope';

/** Coverage gaps listed in a response, at most; the total is always given. */
export const NOT_OPTED_IN_LIMIT = 100;

/**
 * The catalog-wide overview: one page of tests with their latest result from
 * the stored digests, the totals across every test the caller may read, and
 * the production components that have no test. A caller who may read every
 * entity costs one policy query and the page's queries, however many tests
 * there are.
 */
export async function buildSummary(options: {
  store: KymarosStore;
  coverageGaps: CoverageGaps;
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  params: SummaryParams;
}): Promise<SummaryResponse> {
  const { store, coverageGaps, permissions, credentials, params } = options;
  // A gap is shown to those who may read its entity in the catalog too, as
  // when the catalog was read with the caller's credentials.
  const [reports, catalog] = await readScopes(permissions, credentials, [
    kymarosReportReadPermission,
    catalogEntityReadPermission,
  ]);
  const [page, gaps] = await Promise.all([
    readableEntityRefs(store, reports).then(entityRefs =>
      store.summarizeTests({ ...params, entityRefs }),
    ),
    coverageGaps
      .get()
      .then(all =>
        withinScopes(ofOwner(all, params.owner), [reports, catalog]),
      ),
  ]);
  return {
    items: page.items,
    totalItems: page.total,
    counts: page.counts,
    owners: page.owners,
    rpoBreached: page.rpoBreached,
    notOptedIn: gaps.slice(0, NOT_OPTED_IN_LIMIT),
    notOptedInTotal: gaps.length,
  };
}

/** The gaps of one owner (a full ref, as parsed) when the summary is filtered by owner. */
function ofOwner(
  gaps: NotOptedInItem[],
  owner: string | undefined,
): NotOptedInItem[] {
  return owner ? gaps.filter(gap => coverageGapOwner(gap) === owner) : gaps;
}

/** The tested entities within the scope; undefined (no filter) when it is all of them. */
export async function readableEntityRefs(
  store: KymarosStore,
  scope: ReadScope,
): Promise<string[] | undefined> {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'none') return [];
  return [...(await scope.readable(await store.listTestedEntityRefs()))];
}
