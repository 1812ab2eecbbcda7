import { createApiRef } from '@backstage/core-plugin-api';
import type {
  BackupCoverage,
  BackupCoverageStatus,
  OnDemandBackupResponse,
  RestoreReport,
  RestoreTestItem,
  RunAcceptedResponse,
  RunEvidence,
  SummaryQuery,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';

/**
 * Client of the Kymaros backend (`/api/kymaros`).
 *
 * @public
 */
export interface KymarosApi {
  /**
   * Restore tests, optionally only those of one catalog entity; for one
   * entity, `reports` adds each test's newest reports (up to 100).
   */
  getTests(options?: {
    entityRef?: string;
    reports?: number;
  }): Promise<RestoreTestItem[]>;
  getTest(testId: string): Promise<RestoreTestItem>;
  /** Kept reports of a test, newest first. */
  getReports(testId: string): Promise<RestoreReport[]>;
  getReport(name: string): Promise<RestoreReport>;
  /** The pod logs and events a run kept of its sandboxes; undefined when it kept none. */
  getReportLogs(name: string): Promise<RunEvidence | undefined>;
  /** Starts a run now; the report appears when the run ends. */
  runTest(testId: string): Promise<RunAcceptedResponse>;
  /**
   * A page of the opted-in tests with their latest result, the totals across
   * all of them, and the coverage gaps.
   */
  getSummary(query?: SummaryQuery): Promise<SummaryResponse>;
  /**
   * The audit evidence export (one chained record per run, of the entities
   * the caller may read), as a file to save under `filename`.
   */
  exportEvidence(query?: EvidenceExportQuery): Promise<EvidenceFile>;
  /**
   * How well each restore test's namespaces are backed up: those of one
   * entity, or every test the caller may read (worst first), optionally only
   * those with the statuses given.
   */
  getBackupCoverage(options?: {
    entityRef?: string;
    status?: BackupCoverageStatus[];
  }): Promise<BackupCoverage[]>;
  /** Asks the test's provider to back up the test's namespaces now. */
  createBackup(testId: string): Promise<OnDemandBackupResponse>;
}

/**
 * Which runs the evidence export holds; times are RFC 3339 or days.
 *
 * @public
 */
export interface EvidenceExportQuery {
  from?: string;
  to?: string;
  entityRef?: string;
  /** The owner recorded with each run, as a full entity ref. */
  owner?: string;
  format?: 'csv' | 'json';
}

/** @public */
export interface EvidenceFile {
  filename: string;
  blob: Blob;
}

/** @public */
export const kymarosApiRef = createApiRef<KymarosApi>({
  id: 'plugin.kymaros.service',
});
