import type {
  RestoreReport,
  RestoreResult,
  RestoreTestSpec,
  RunPhase,
} from '@kymaros/plugin-kymaros-common';

/** A RestoreTest as derived from the catalog (valid or not). */
export interface TestRecord {
  /** Stable id: `<entityRef>:<testName>`, e.g. `component:default/orders:orders`. */
  id: string;
  entityRef: string;
  name: string;
  /** `annotations` or the location of the RestoreTest file. */
  source: string;
  /** Cluster the test restores into. */
  cluster: string;
  /** Absent when the definition is invalid. */
  spec?: RestoreTestSpec;
  /** The exact reason the definition is invalid. */
  error?: string;
}

/** The persisted run state of a test. */
export interface TestState {
  phase: RunPhase;
  step?: string;
  runId?: string;
  runStartedAt?: string;
  /** Replica that holds the run, and until when its lease is valid. */
  runOwner?: string;
  leaseUntil?: string;
  lastRunAt?: string;
  nextRunAt?: string;
  lastScore?: number;
  lastResult?: RestoreResult;
  lastReportName?: string;
}

export interface StoredTest extends TestRecord {
  state: TestState;
  createdAt: string;
  updatedAt: string;
}

export interface StartRunRequest {
  testId: string;
  runId: string;
  owner: string;
  cluster: string;
  /** At most this many runs may hold a valid lease in the cluster at once. */
  maxConcurrentPerCluster: number;
  leaseMs: number;
}

/** A test's latest report and recent scores, for catalog-wide overviews. */
export interface ReportDigest {
  testId: string;
  latest: RestoreReport;
  /** Scores of the newest reports, oldest first. */
  trend: number[];
}

export type StartRunResult =
  | { started: true }
  | {
      started: false;
      reason: 'already-running' | 'cluster-busy' | 'unknown-test';
    };

/**
 * Persistence of tests, run state and reports. Every method is safe to call
 * from several backend replicas sharing one database.
 */
export interface KymarosStore {
  /** Inserts or updates the given tests (definition fields only; run state is kept). */
  upsertTests(tests: TestRecord[]): Promise<void>;
  /** Deletes tests whose id is not listed, returning the removed ones. Their reports are kept. */
  removeTestsExcept(ids: string[]): Promise<StoredTest[]>;
  listTests(filter?: { entityRef?: string }): Promise<StoredTest[]>;
  getTest(id: string): Promise<StoredTest | undefined>;
  /** Merges fields into a test's run state; a key given as `undefined` clears that field. */
  updateState(id: string, patch: Partial<TestState>): Promise<void>;
  /**
   * Atomically marks a run as started (phase Running, lease) unless the test
   * already has a run with a valid lease or the cluster is at its limit.
   */
  tryStartRun(request: StartRunRequest): Promise<StartRunResult>;
  /** Extends the lease of a run that is still going. */
  renewLease(testId: string, runId: string, leaseMs: number): Promise<boolean>;
  /**
   * Ends a run: sets phase (Completed or Failed, else InputError) and the given
   * fields, clears the lease (only if runId still matches).
   */
  finishRun(
    testId: string,
    runId: string,
    patch: Partial<TestState>,
  ): Promise<void>;
  /** Runs whose lease expired while Running: their replica stopped mid-run. */
  listExpiredRuns(now: Date): Promise<StoredTest[]>;
  /** Stores a report and deletes the test's oldest reports beyond historyLimit. */
  insertReport(
    testId: string,
    entityRef: string,
    report: RestoreReport,
    historyLimit: number,
  ): Promise<void>;
  /** Newest first. */
  listReports(testId: string, limit?: number): Promise<RestoreReport[]>;
  getReport(name: string): Promise<RestoreReport | undefined>;
  /**
   * One digest per existing test that has reports, holding its latest report
   * and the scores of its `trendLength` newest reports (one query, not one per test).
   */
  summarizeReports(trendLength: number): Promise<ReportDigest[]>;
}
