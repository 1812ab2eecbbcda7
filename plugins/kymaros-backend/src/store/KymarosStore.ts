import type {
  RestoreReport,
  RunEvidence,
  RestoreResult,
  RestoreTestSpec,
  RunPhase,
  SummaryItem,
  SummaryOutcome,
  SummarySort,
} from '@kymaros/plugin-kymaros-common';
import type { ChainLink } from '../audit/evidenceRecord';

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
  /** The entity's owner as a full entity ref. */
  owner?: string;
  /** Absent when the definition is invalid. */
  spec?: RestoreTestSpec;
  /** The exact reason the definition is invalid. */
  error?: string;
  /** A RestoreTest file's `metadata.namespace`, kept as written. */
  namespace?: string;
  /** What loading the definition left out or does not apply, in words; the test still runs. */
  warnings?: string[];
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
  /** Who or what started the current (or last) run. */
  triggeredBy?: string;
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
  /** Recorded on the run unless a pending on-demand request names someone. */
  triggeredBy: string;
  /** Start only a pending on-demand request (the schedule did not fire now); `not-due` otherwise. */
  onlyIfRequested?: boolean;
}

/** What the overview asks of the stored tests. */
export interface TestSummaryQuery {
  /** Only tests of these entities (those the caller may read); every test when absent. */
  entityRefs?: string[];
  outcome?: SummaryOutcome;
  /** A full entity ref, as stored by the catalog pass. */
  owner?: string;
  /** `breached`: only tests whose latest restored backup was older than its RPO target. */
  rpo?: 'breached';
  /** Case-insensitive substring of the entity ref or test name. */
  search?: string;
  /** Only valid tests whose last run ended before this time, or that never ran. */
  notRunSince?: Date;
  sort: SummarySort;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** One page of the overview, with the totals it needs beyond the page. */
export interface TestSummaryPage {
  items: SummaryItem[];
  /** Tests matching every filter. */
  total: number;
  /** Tests within `entityRefs` by outcome, the other filters aside. */
  counts: Record<SummaryOutcome, number>;
  /** Distinct owners of those tests, sorted. */
  owners: string[];
  /** Tests within `entityRefs` whose latest backup was older than its RPO target, the other filters aside. */
  rpoBreached: number;
}

/**
 * `cluster-busy` means the run now holds the test (a queued lease, renewed
 * like a running one) and may call again with the same runId for a slot.
 */
export type StartRunResult =
  | { started: true; triggeredBy: string }
  | { started: false; reason: 'cluster-busy'; triggeredBy: string }
  | {
      started: false;
      /** `interrupted`: the test's last run died; the reaper must report it first. */
      reason: 'already-running' | 'interrupted' | 'unknown-test' | 'not-due';
    };

/** The outcome of asking for an on-demand run. */
export type RunRequestResult =
  | { requested: true }
  | {
      requested: false;
      reason: 'running' | 'interrupted' | 'requested' | 'unknown-test';
      by?: string;
    };

/** When reports were stored, for the audit export. */
export interface EvidenceRange {
  from?: Date;
  to?: Date;
}

/** Where the next page of the audit export starts. */
export interface EvidenceCursor {
  testId: string;
  id: number;
}

export interface EvidenceQuery extends EvidenceRange {
  entityRefs: string[];
  /** Only reports whose chain link names this owner. */
  owner?: string;
  after?: EvidenceCursor;
  limit: number;
}

/** A stored report and its link; no link when stored before the chain existed. */
export interface EvidenceEntry {
  testId: string;
  entityRef: string;
  report: RestoreReport;
  link?: ChainLink;
}

/** A stored report named in an export; its body only when it has no link. */
export interface StoredEvidenceReport {
  testId: string;
  entityRef: string;
  link?: ChainLink;
  /** The report as stored, for those stored before the chain existed. */
  report?: RestoreReport;
}

/** A test the store knows (defined, or with reports kept) and its oldest link kept. */
export interface StoredEvidenceTest {
  entityRef: string;
  firstLink?: { sequence: number; previousHash: string };
}

export interface StoredEvidence {
  reports: Map<string, StoredEvidenceReport>;
  tests: Map<string, StoredEvidenceTest>;
}

export interface EvidencePage {
  entries: EvidenceEntry[];
  /** Absent on the last page. */
  next?: EvidenceCursor;
}

/**
 * Object kinds the engine records: its sandboxes, the provider's restore
 * objects, and backups taken on demand (recorded as proof of what the
 * portal started; never deleted by cleanup or the reaper).
 */
export type OwnedObjectKind = 'Namespace' | 'Restore' | 'Backup';

/** One object a run created, as recorded before and after its creation. */
export interface OwnedObject {
  cluster: string;
  kind: OwnedObjectKind;
  /** Empty for cluster-scoped objects and for restore objects, which live in their provider's own namespace. */
  namespace: string;
  name: string;
  /** Absent while the create request is in flight (or if the process died during it). */
  uid?: string;
  provider?: string;
  /** For a sandbox: the namespace restored into it. */
  sourceNamespace?: string;
  runId: string;
  testId: string;
  createdAt: string;
  expiresAt: string;
}

export type OwnedObjectKey = Pick<
  OwnedObject,
  'cluster' | 'kind' | 'namespace' | 'name'
>;

/**
 * Persistence of tests, run state and reports. Every method is safe to call
 * from several backend replicas sharing one database.
 */
export interface KymarosStore {
  /**
   * Inserts or updates the given tests (definition fields only; run state is
   * kept); returns the ids of those that were not stored before.
   */
  upsertTests(tests: TestRecord[]): Promise<{ added: string[] }>;
  /**
   * Deletes tests whose id is not listed (and their digests), returning the
   * removed ones. Their reports are kept; a test defined again gets its digest back.
   */
  removeTestsExcept(ids: string[]): Promise<StoredTest[]>;
  listTests(filter?: { entityRef?: string }): Promise<StoredTest[]>;
  /** Every valid test's id and schedule as written, without the rest of the row. */
  listSchedules(): Promise<
    { id: string; schedule: RestoreTestSpec['schedule'] }[]
  >;
  /**
   * Changes whenever a test is added, removed or written; the same value
   * means nothing about the tests changed in between (one cheap query).
   */
  testsVersion(): Promise<string>;
  getTest(id: string): Promise<StoredTest | undefined>;
  /** Merges fields into a test's run state; a key given as `undefined` clears that field. */
  updateState(id: string, patch: Partial<TestState>): Promise<void>;
  /**
   * Sets the step of a run that is still the test's running run; a run that
   * lost its lease or has finished writes nothing.
   */
  updateRunStep(testId: string, runId: string, step: string): Promise<void>;
  /**
   * Atomically marks a run as started (phase Running, lease) unless the test
   * already has a run with a valid lease or the cluster is at its limit.
   */
  tryStartRun(request: StartRunRequest): Promise<StartRunResult>;
  /** Extends the leases of the runs that are still going; returns those (the others lost theirs). */
  renewLeases(runIds: string[], leaseMs: number): Promise<string[]>;
  /**
   * Records an on-demand run for the next claim of the test, unless a run
   * holds a valid lease or another request is pending (younger than `pendingMs`).
   */
  requestRun(
    testId: string,
    requestedBy: string,
    pendingMs: number,
  ): Promise<RunRequestResult>;
  /** Drops a pending request that could not be handed to the scheduler. */
  clearRunRequest(testId: string, requestedBy: string): Promise<void>;
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
  /** The ids of runs holding a valid lease at `now` (running or queued). */
  listActiveRunIds(now: Date): Promise<string[]>;
  /**
   * Ends a run whose lease expired, like finishRun, only if it is still that
   * run and still expired; true for exactly one caller across replicas.
   */
  claimExpiredRun(
    testId: string,
    runId: string,
    now: Date,
    patch: Partial<TestState>,
  ): Promise<boolean>;
  /** Writes the record of an object about to be created (uid unknown yet). */
  recordObject(object: Omit<OwnedObject, 'uid' | 'createdAt'>): Promise<void>;
  /** Completes a record with the uid the API server gave the object. */
  setObjectUid(key: OwnedObjectKey, uid: string): Promise<void>;
  /** Forgets an object once it is deleted (or turned out not to be ours). */
  releaseObject(key: OwnedObjectKey): Promise<void>;
  listObjects(filter?: {
    runId?: string;
    cluster?: string;
    kind?: OwnedObjectKind;
    name?: string;
  }): Promise<OwnedObject[]>;
  /**
   * Stores a report with its link in the test's audit chain (see
   * audit/evidenceRecord), deletes the test's oldest reports beyond
   * historyLimit and updates the test's digest (see summarizeTests).
   * Rejects with ConflictError when a report of that name exists.
   */
  insertReport(
    testId: string,
    entityRef: string,
    report: RestoreReport,
    historyLimit: number,
    /** The entity's owner now, kept in the audit record. */
    owner?: string,
  ): Promise<void>;
  /** Entities with reports stored within the range (bounds included). */
  listEvidenceEntityRefs(range: EvidenceRange): Promise<string[]>;
  /** A page of stored reports with their chain links, by test, oldest first. */
  listEvidence(query: EvidenceQuery): Promise<EvidencePage>;
  /** What the store holds of an export's reports and tests, to check it against. */
  getStoredEvidence(query: {
    reportNames: string[];
    testIds: string[];
  }): Promise<StoredEvidence>;
  /** Newest first. */
  listReports(testId: string, limit?: number): Promise<RestoreReport[]>;
  getReport(name: string): Promise<RestoreReport | undefined>;
  /** Keeps a run's evidence beside its report (nothing when the report is gone); removed with it. */
  insertEvidence(reportName: string, evidence: RunEvidence): Promise<void>;
  getEvidence(reportName: string): Promise<RunEvidence | undefined>;
  /**
   * A page of tests with their latest result and recent scores, from the
   * digest kept with each test: no report is read.
   */
  summarizeTests(query: TestSummaryQuery): Promise<TestSummaryPage>;
  /** The distinct entity refs that have tests. */
  listTestedEntityRefs(): Promise<string[]>;
}
