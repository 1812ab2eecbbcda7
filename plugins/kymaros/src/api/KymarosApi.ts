import { createApiRef } from '@backstage/core-plugin-api';
import type {
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';

/**
 * Client of the Kymaros backend (`/api/kymaros`).
 *
 * @public
 */
export interface KymarosApi {
  /** Restore tests, optionally only those of one catalog entity. */
  getTests(options?: { entityRef?: string }): Promise<RestoreTestItem[]>;
  getTest(testId: string): Promise<RestoreTestItem>;
  /** Kept reports of a test, newest first. */
  getReports(testId: string): Promise<RestoreReport[]>;
  getReport(name: string): Promise<RestoreReport>;
  /** Starts a run now; the report appears when the run ends. */
  runTest(testId: string): Promise<RunAcceptedResponse>;
  /** Every opted-in entity with its latest result, and the coverage gaps. */
  getSummary(): Promise<SummaryResponse>;
}

/** @public */
export const kymarosApiRef = createApiRef<KymarosApi>({
  id: 'plugin.kymaros.service',
});
