import type { Duration, RpoMeasurement, RunPhase } from './types';
import type { RestoreResult } from './scoring';

/**
 * What the overview can say about a test: its latest result, `invalid` when
 * its definition is invalid, `never` when it has not run yet.
 *
 * @public
 */
export type SummaryOutcome = RestoreResult | 'invalid' | 'never';

/** @public */
export const SUMMARY_OUTCOMES: readonly SummaryOutcome[] = [
  'pass',
  'partial',
  'fail',
  'error',
  'invalid',
  'never',
];

/**
 * Orders of the overview. `worst`: invalid, fail, error, not run, partial,
 * pass, then lowest score; the others as named (tests never run last).
 *
 * @public
 */
export type SummarySort = 'worst' | 'entityRef' | 'score' | 'lastRunAt';

/** @public */
export const SUMMARY_SORTS: readonly SummarySort[] = [
  'worst',
  'entityRef',
  'score',
  'lastRunAt',
];

/**
 * Query parameters of `GET /summary`; each may be given once.
 *
 * @public
 */
export interface SummaryQuery {
  /** Page size: 1 to 500, 100 by default. */
  limit?: number;
  /** Items to skip: 0 by default. */
  offset?: number;
  result?: SummaryOutcome;
  /** The owner's entity ref; `team-a` means `group:default/team-a`. */
  owner?: string;
  /** `breached`: only tests whose latest restored backup was older than its RPO target. */
  rpo?: 'breached';
  /** Case-insensitive substring of the entity ref or test name (200 characters at most). */
  search?: string;
  /** `worst` by default. */
  sort?: SummarySort;
  /** `asc` by default (for `worst`: worst first). */
  order?: 'asc' | 'desc';
}

/** @public */
export interface SummaryItem {
  entityRef: string;
  /** The entity's owner as a full entity ref, as of the last catalog pass. */
  owner?: string;
  testId: string;
  testName: string;
  score?: number;
  result?: RestoreResult;
  withinSLA?: boolean;
  backupAge?: Duration;
  /** The latest report's backup age at restore against its RPO target. */
  rpo?: RpoMeasurement;
  lastRunAt?: string;
  phase: RunPhase;
  error?: string;
  /** Scores of recent reports (of the 10 newest), oldest first; error runs, which scored nothing, left out. */
  trend: number[];
}

/** @public */
export interface NotOptedInItem {
  entityRef: string;
  /** The entity's `spec.owner` as written. */
  owner?: string;
  title?: string;
}

/**
 * One page of the catalog-wide overview. Everything in it is limited to the
 * entities the caller may read.
 *
 * @public
 */
export interface SummaryResponse {
  /** The requested page of tests matching the filters, in the requested order. */
  items: SummaryItem[];
  /** Tests matching the filters, across all pages. */
  totalItems: number;
  /** Every test the caller may read, filters aside, by outcome. */
  counts: Record<SummaryOutcome, number>;
  /** Owners of those tests, sorted (1000 at most), for the owner filter. */
  owners: string[];
  /** Tests the caller may read whose latest backup was older than its RPO target, filters aside. */
  rpoBreached: number;
  /**
   * Production components (`spec.lifecycle: production`) with no restore
   * test, of the `owner` when one is given: the first 100 by entity ref.
   */
  notOptedIn: NotOptedInItem[];
  /** How many production components (of the `owner`, when given) have no restore test. */
  notOptedInTotal: number;
}
