/**
 * The backups a provider takes of a service's namespaces on a schedule, as
 * the portal shows them beside its restore tests.
 */

/**
 * The last backup of a schedule that succeeded or failed.
 *
 * @public
 */
export interface ScheduledBackup {
  /** The backup object's name. */
  name: string;
  /** ISO 8601: when it completed or failed. */
  at: string;
  /** Why it failed, in the provider's words. */
  reason?: string;
}

/**
 * One provider schedule (Velero Schedule, Kasten policy, KubeStash
 * BackupConfiguration) that covers some of a test's namespaces.
 *
 * @public
 */
export interface BackupScheduleItem {
  provider: string;
  /** The provider's kind for it: `Schedule`, `Policy`, `BackupConfiguration`. */
  kind: string;
  namespace: string;
  name: string;
  /** Cron expression or frequency word (`@daily`), as the provider holds it. */
  cron?: string;
  paused: boolean;
  /** How long backups are kept, in the provider's terms (`ttl 720h`, `keep last 7`). */
  retention?: string;
  /** The test's namespaces it covers. */
  namespaces: string[];
  lastSuccess?: ScheduledBackup;
  lastFailure?: ScheduledBackup;
  /** Why the schedule itself is broken, in the provider's words. */
  problem?: string;
}

/**
 * How well a test's namespaces are backed up:
 * - `covered`: every namespace has a schedule whose last backup succeeded within the RPO target;
 * - `no-schedule`: some namespace has no schedule at all;
 * - `failing`: a schedule's latest backup failed, or the schedule is paused or broken;
 * - `stale`: the newest successful backup is older than the test's `sla.maxRPO`;
 * - `unknown`: the provider cannot list schedules, or the cluster could not be read.
 *
 * @public
 */
export type BackupCoverageStatus =
  | 'covered'
  | 'no-schedule'
  | 'failing'
  | 'stale'
  | 'unknown';

/**
 * The backup coverage of one restore test's namespaces.
 *
 * @public
 */
export interface BackupCoverage {
  entityRef: string;
  testId: string;
  testName: string;
  provider: string;
  cluster: string;
  namespaces: string[];
  status: BackupCoverageStatus;
  /** One sentence saying why the status is what it is, naming the namespace or schedule. */
  detail: string;
  /** Namespaces no schedule covers. */
  uncovered: string[];
  schedules: BackupScheduleItem[];
  /** `sla.maxRPO` of the test, when set. */
  rpoTarget?: string;
  /** ISO 8601: when this was read from the cluster. */
  checkedAt: string;
  /** Whether the provider can take a backup on demand. */
  canBackUpNow: boolean;
}

/**
 * The answer to an on-demand backup request.
 *
 * @public
 */
export interface OnDemandBackupResponse {
  provider: string;
  cluster: string;
  /** The backup object created. */
  backup: string;
  namespaces: string[];
  /** Its phase when created (usually empty or `New`). */
  phase: string;
}
