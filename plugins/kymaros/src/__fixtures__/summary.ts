import type {
  SummaryItem,
  SummaryOutcome,
  SummaryQuery,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import { compareWorstFirst, outcomeOf } from '../lib/result';
import { ownerRef } from '../lib/entityRefs';

/** The demo catalog's opted-in tests: one service per typical outcome. */
const items: SummaryItem[] = [
  {
    entityRef: 'component:default/payments-api',
    owner: 'group:default/team-payments',
    testId: 'component:default/payments-api:payments-api',
    testName: 'payments-api',
    score: 100,
    result: 'pass',
    withinSLA: true,
    backupAge: '4h0m12s',
    rpo: {
      backupAge: '4h0m12s',
      backupAgeMs: 14_412_000,
      target: '24h',
      targetMs: 86_400_000,
      withinTarget: true,
    },
    lastRunAt: '2024-03-15T03:00:12Z',
    phase: 'Completed',
    trend: [96, 100, 100],
  },
  {
    entityRef: 'component:default/catalog-search',
    owner: 'group:default/team-data',
    testId: 'component:default/catalog-search:catalog-search',
    testName: 'catalog-search',
    score: 84,
    result: 'partial',
    withinSLA: true,
    backupAge: '3h15m2s',
    lastRunAt: '2024-03-16T03:15:02Z',
    phase: 'Completed',
    trend: [88, 86, 84],
  },
  {
    entityRef: 'component:default/orders',
    owner: 'group:default/team-orders',
    testId: 'component:default/orders:orders',
    testName: 'orders',
    score: 58,
    result: 'fail',
    withinSLA: false,
    backupAge: '5h0m8s',
    rpo: {
      backupAge: '5h0m8s',
      backupAgeMs: 18_008_000,
      target: '4h',
      targetMs: 14_400_000,
      withinTarget: false,
    },
    lastRunAt: '2024-03-16T03:00:08Z',
    phase: 'Completed',
    trend: [95, 96, 58],
  },
  {
    entityRef: 'component:default/legacy-reports',
    owner: 'group:default/team-data',
    testId: 'component:default/legacy-reports:legacy-reports',
    testName: 'legacy-reports',
    score: 0,
    result: 'fail',
    withinSLA: false,
    lastRunAt: '2024-03-16T03:00:00Z',
    phase: 'Failed',
    trend: [0],
  },
  {
    entityRef: 'component:default/analytics-pipeline',
    owner: 'group:default/team-data',
    testId: 'component:default/analytics-pipeline:analytics-pipeline',
    testName: 'analytics-pipeline',
    phase: 'Idle',
    error:
      'kymaros.io/provider: provider "kasten" is recognised but not supported yet (supported: velero)',
    trend: [],
  },
  {
    entityRef: 'component:default/storefront',
    owner: 'group:default/team-storefront',
    testId: 'component:default/storefront:storefront',
    testName: 'storefront',
    phase: 'Running',
    trend: [],
  },
];

const worstFirst = compareWorstFirst((i: SummaryItem) => ({
  name: i.entityRef,
  error: i.error,
  result: i.result,
  score: i.score,
}));

function countOutcomes(all: SummaryItem[]): Record<SummaryOutcome, number> {
  const counts = {
    pass: 0,
    partial: 0,
    fail: 0,
    error: 0,
    invalid: 0,
    never: 0,
  };
  for (const item of all) counts[outcomeOf(item)] += 1;
  return counts;
}

/** As the backend answers `GET /summary` for the demo catalog (worst first only). */
export function summaryPage(query: SummaryQuery = {}): SummaryResponse {
  const limit = query.limit ?? 100;
  const offset = query.offset ?? 0;
  const search = query.search?.toLowerCase();
  const matching = items
    .filter(i => !query.result || outcomeOf(i) === query.result)
    .filter(i => !query.owner || i.owner === ownerRef(query.owner))
    .filter(i => !query.rpo || i.rpo?.withinTarget === false)
    .filter(
      i =>
        !search || i.entityRef.includes(search) || i.testName.includes(search),
    )
    .sort(worstFirst);
  return {
    items: matching.slice(offset, offset + limit),
    totalItems: matching.length,
    counts: countOutcomes(items),
    owners: [...new Set(items.map(i => i.owner!))].sort(),
    rpoBreached: items.filter(i => i.rpo?.withinTarget === false).length,
    notOptedIn: [
      {
        entityRef: 'component:default/billing-worker',
        owner: 'team-payments',
        title: 'billing-worker',
      },
    ],
    notOptedInTotal: 1,
  };
}

/** The whole demo overview in one page. */
export const summary: SummaryResponse = summaryPage();
