import type { RestoreResult, ValidationLevelKey } from './scoring';

/**
 * Durations are Go-style strings (`30s`, `5m`, `1h30m`), as in Kymaros YAML.
 *
 * @public
 */
export type Duration = string;

/** @public */
export type NetworkIsolation = 'strict' | 'group';

/** @public */
export interface ResourceQuotaSpec {
  cpu?: string;
  memory?: string;
  storage?: string;
  pods?: number;
  /**
   * Size the quota from what the backup's workloads request (capped by
   * `kymaros.sandbox.autoQuotaMax`); values set beside it are the floor.
   */
  auto?: boolean;
}

/**
 * Where a sandbox's pods may connect beyond DNS and the sandbox itself:
 * declared external dependencies. Exactly one of `cidr`, `namespace` and
 * `namespaceSelector`; without `ports`, every port.
 *
 * @public
 */
export interface SandboxEgressRule {
  /** A name for the report and the NetworkPolicy (`payments-db`). */
  name?: string;
  /** An IP block (`10.20.0.0/16`), optionally minus some of it. */
  cidr?: string;
  except?: string[];
  /** A namespace by name (its `kubernetes.io/metadata.name` label). */
  namespace?: string;
  /** Namespaces by labels. */
  namespaceSelector?: Record<string, string>;
  ports?: { port: number; protocol?: 'TCP' | 'UDP' }[];
}

/** @public */
export interface LimitRangeSpec {
  defaultCpu?: string;
  defaultMemory?: string;
  defaultRequestCpu?: string;
  defaultRequestMemory?: string;
}

/**
 * `restore.kymaros.io/v1alpha1` RestoreTest spec, with the fields this product adds.
 *
 * @public
 */
export interface RestoreTestSpec {
  backupSource: {
    provider: string;
    /** `latest` or the name of a backup. */
    backupName: string;
    namespaces: { name: string; sandboxName?: string }[];
    labelSelector?: Record<string, string>;
  };
  /** Cluster the restore runs in (a name from the configured clusters). */
  cluster?: string;
  schedule: { cron: string; timezone?: string };
  sandbox: {
    namespacePrefix: string;
    ttl?: Duration;
    networkIsolation: NetworkIsolation;
    resourceQuota?: ResourceQuotaSpec;
    limitRange?: LimitRangeSpec;
    /** Declared external dependencies the sandbox may reach; everything else outside it stays blocked. */
    egress?: SandboxEgressRule[];
    /** Restore Jobs that had not finished as runnable; by default they come back suspended. */
    runJobs?: boolean;
  };
  healthChecks?: {
    /** Name of a HealthCheckPolicy defined beside the test or in configuration. */
    policyRef?: string;
    timeout?: Duration;
    /** Checks written inline; they run after the policy's. */
    checks?: HealthCheck[];
  };
  sla?: {
    maxRTO?: Duration;
    maxRPO?: Duration;
    /** An RTO over `maxRTO` also notifies the `onFailure` targets, once per change. */
    alertOnExceed?: boolean;
  };
  /** How long pods may take to become Ready. */
  podReadyTimeout?: Duration;
  /** Upper bound for the whole run. */
  timeout?: Duration;
  historyLimit: number;
  /** Where messages go when the test's state changes (failure, regression, recovery). */
  notifications?: RestoreTestNotifications;
  /** What of the sandboxes a run keeps before deleting them; absent means the defaults, on. */
  logCollection?: {
    enabled?: boolean;
    /** Tail lines per container (10 to 1000, default 100). */
    maxLines?: number;
    includeEvents?: boolean;
    includeInit?: boolean;
    includePrevious?: boolean;
  };
}

/**
 * Where one notification goes: a Slack incoming webhook or a generic JSON
 * webhook, whose URL is held in a Secret (or a configured entry) of this
 * name, never in the file.
 *
 * @public
 */
export interface NotificationTarget {
  type: 'slack' | 'webhook';
  /** Slack: channel override (legacy webhooks only); webhook: passed along in the body. */
  channel?: string;
  /** Name of the Secret, or of the `kymaros.notifications.secrets` entry, holding the URL. */
  webhookSecretRef: string;
}

/**
 * `spec.notifications` of a RestoreTest.
 *
 * @public
 */
export interface RestoreTestNotifications {
  /** Told of failures, regressions, recoveries and (with `sla.alertOnExceed`) RTO breaches. */
  onFailure?: NotificationTarget[];
  /** Told when the test passes after not passing (its first pass, or a recovery). */
  onSuccess?: NotificationTarget[];
}

/**
 * A health check as written in a RestoreTest or HealthCheckPolicy: the fields
 * every check has, plus settings blocks keyed by check type (`httpGet: {...}`
 * for an `httpGet` check). What a block holds is its check type's business:
 * the backend validates it with that type's schema.
 *
 * @public
 */
export interface HealthCheck {
  name: string;
  /** A built-in check type, or one added by a backend module. */
  type: string;
  /** Source namespace whose sandbox the check runs in; without it, the check looks for its target in every sandbox of the run. */
  namespace?: string;
  dependsOn?: string[];
  timeout?: Duration;
  /** Attempts in total, as Kymaros counts them (`3` is three attempts; 0 and 1 are one). */
  retries?: number;
  /** Settings blocks, by check type. */
  [settings: string]: unknown;
}

/**
 * `restore.kymaros.io/v1alpha1` HealthCheckPolicy.
 *
 * @public
 */
export interface HealthCheckPolicy {
  name: string;
  checks: HealthCheck[];
}

/** @public */
export type LevelStatus = 'pass' | 'fail' | 'skip';

/**
 * One validation level. Its items fall in three lists: `tested` passed,
 * `failed` were tested and failed, `notTested` were not tested (why:
 * `notTestedReason`, or the detail of a skipped level).
 *
 * @public
 */
export interface LevelResult {
  status: LevelStatus;
  detail: string;
  /** Items tested that passed. */
  tested: string[];
  /** Items tested that failed (reports stored before it existed lack it: read it as empty). */
  failed: string[];
  /** Items not tested. */
  notTested: string[];
  /** Why the items in `notTested` (or the whole level, when skipped) were not tested. */
  notTestedReason?: string;
  /** Points earned and available, so the score can be explained. */
  points: number;
  maxPoints: number;
}

/** @public */
export interface CheckResult {
  name: string;
  type?: string;
  namespace?: string;
  status: 'pass' | 'fail' | 'skip';
  duration: Duration;
  /** The same duration in milliseconds (absent in reports written before it existed). */
  durationMs?: number;
  message: string;
  attempts?: number;
}

/** @public */
export interface Completeness {
  deployments: string;
  statefulSets: string;
  services: string;
  secrets: string;
  configMaps: string;
  pvcs: string;
  customResources: string;
}

/**
 * One per kind, as `actual/expected` with the missing names.
 *
 * @public
 */
export interface CompletenessDetail {
  kind: string;
  namespace: string;
  expected: number;
  actual: number;
  missing: string[];
}

/** @public */
export interface RtoMeasurement {
  /** Restore start (the provider's own start time) to validation completion (`11m35s`, `15m`). */
  measured: Duration;
  /** `measured` and `target` in milliseconds, so readers need not parse the strings. */
  measuredMs?: number;
  /** `sla.maxRTO`, in the same format as `measured` (`30m`); absent when the run had none. */
  target?: Duration;
  targetMs?: number;
  withinSLA: boolean;
  /** Seconds spent in each phase of the run. */
  phases: { name: string; seconds: number }[];
}

/**
 * The restored backup's age when the restore started (its recovery point)
 * against the test's `sla.maxRPO`. A breach does not change the score or
 * the result: it is reported beside them.
 *
 * @public
 */
export interface RpoMeasurement {
  /** `backupAge` as a duration (`2h10m`). */
  backupAge: Duration;
  backupAgeMs: number;
  /** `sla.maxRPO` (`24h`); absent when the run had none. */
  target?: Duration;
  targetMs?: number;
  /** `backupAgeMs <= targetMs`; true when there is no target. */
  withinTarget: boolean;
}

/**
 * A reference to a service of a namespace restored in the same run,
 * rewritten to the sandbox as the object was restored. `from` and `to` are
 * the host forms, never the whole value (which may hold credentials).
 *
 * @public
 */
export interface EndpointRewrite {
  /** `Deployment shop/web` (source namespace). */
  object: string;
  /** `env DB_HOST of container web`, `data.url`, `spec.externalName`. */
  field: string;
  from: string;
  to: string;
}

/**
 * A reference to a namespace this run did not restore: left as it is, for
 * the dependency level to judge.
 *
 * @public
 */
export interface ExternalReference {
  object: string;
  field: string;
  /** The host form found (`api.billing.svc`). */
  reference: string;
  namespace: string;
}

/**
 * Something the sandbox deliberately did not reproduce as it was in
 * production, and so did not test.
 *
 * @public
 */
export interface SandboxTransformation {
  /** `Service shop/web`, `CronJob shop/nightly`, `Ingress shop/web`. */
  subject: string;
  /** `type LoadBalancer → ClusterIP`, `suspended`, `not restored`. */
  change: string;
  /** What the run therefore did not test (`the cloud load balancer`). */
  notTested: string;
}

/**
 * How the sandbox differed from the source, on purpose: endpoint rewrites,
 * transformations, volumes left out for want of data, the quota applied.
 *
 * @public
 */
export interface SandboxFidelity {
  /** The backup's object bodies were read: without them no rewrite or per-object change was made. */
  manifestsRead: boolean;
  /** Why they could not be read. */
  manifestsProblem?: string;
  rewrites: EndpointRewrite[];
  externalReferences: ExternalReference[];
  transformations: SandboxTransformation[];
  /** Claims restored without their data: counted missing by completeness. */
  volumesNotRestored: { claim: string; volume?: string; reason: string }[];
  /** What the backup's workloads request in all, and the quota the sandboxes got. */
  quota?: {
    requested: { cpu?: string; memory?: string; pods?: number };
    applied?: ResourceQuotaSpec;
    /** Sized from the requests (`resourceQuota.auto`). */
    auto: boolean;
  };
}

/** @public */
export interface RestoreReportStatus {
  score: number;
  result: RestoreResult;
  /** When the restore started (the run's start if it never did), RFC 3339 in UTC without fractional seconds. */
  startedAt: string;
  /** When validation finished (or the run ended short of it), in the same format. */
  completedAt: string;
  rto: RtoMeasurement;
  /** Absent when the run never learnt its backup's age. */
  rpo?: RpoMeasurement;
  /** `name`, `age` and `size` are always present: empty strings when the run never got to (or never learnt) them. */
  backup: {
    name: string;
    age: Duration;
    /** `age` in milliseconds. */
    ageMs?: number;
    size: string;
    /** The backup's phase at the provider (`Completed`, `PartiallyFailed`). */
    phase?: string;
    /** When the provider finished the backup. */
    completedAt?: string;
  };
  checks: CheckResult[];
  completeness: Completeness;
  completenessDetail?: CompletenessDetail[];
  validationLevels: Record<ValidationLevelKey, LevelResult>;
  /** Why the run ended early, or what went wrong outside the backup. */
  detail?: string;
  cluster?: string;
  provider?: string;
  sandboxes?: { source: string; sandbox: string }[];
  /** How the sandbox differed from the source on purpose (absent in reports written before it existed). */
  sandboxFidelity?: SandboxFidelity;
  regression?: {
    previousReport: string;
    previousScore: number;
    scoreDelta: number;
    levels: ValidationLevelKey[];
  };
  triggeredBy?: string;
}

/**
 * The immutable result of one run, shaped as Kymaros' RestoreReport.
 *
 * @public
 */
export interface RestoreReport {
  apiVersion: 'restore.kymaros.io/v1alpha1';
  kind: 'RestoreReport';
  metadata: {
    /** `<testRef>-<yyyymmdd>-<hhmmss>` from `status.startedAt` (UTC); see the README for names taken already. */
    name: string;
    /**
     * `kymaros.reports.namespace` (default `kymaros-system`): set on every
     * report the API answers, whenever the report was stored.
     */
    namespace?: string;
    /** `kymaros.io/test: <testRef>`; `kymaros.io/run`: the run's id. */
    labels: Record<string, string>;
    /** When the report was stored, RFC 3339 in UTC. */
    creationTimestamp: string;
    annotations?: Record<string, string>;
  };
  /** `entityRef`: the catalog entity whose test this is. */
  spec: { testRef: string; entityRef?: string };
  status: RestoreReportStatus;
}

/** @public */
export type RunPhase = 'Idle' | 'Running' | 'Completed' | 'Failed';

/** @public */
export interface RestoreTestStatus {
  phase: RunPhase;
  /** The step a running test is in (sandbox, restore, pods, checks, ...). */
  step?: string;
  runStartedAt?: string;
  lastRunAt?: string;
  nextRunAt?: string;
  /**
   * The IANA time zone the schedule's cron runs in: its own (`schedule.timezone`,
   * `CRON_TZ=`) or else the scheduler's. Absent for `@every` and invalid schedules.
   */
  scheduleTimeZone?: string;
  lastScore?: number;
  lastResult?: RestoreResult;
  lastReportName?: string;
  /** Set when the definition is invalid: the exact reason. */
  error?: string;
}

/**
 * A RestoreTest as the API returns it.
 *
 * @public
 */
export interface RestoreTestItem {
  id: string;
  name: string;
  entityRef: string;
  /** Where the definition came from: `annotations` or the file location. */
  source: string;
  /** The RestoreTest file's `metadata.namespace`, as written. */
  namespace?: string;
  /**
   * What loading the definition skipped or does not apply (documents of other
   * kinds in its files, fields accepted without effect); the test still runs.
   */
  warnings?: string[];
  spec?: RestoreTestSpec;
  status: RestoreTestStatus;
  /**
   * The test's newest reports, newest first: only in `GET /tests` answers
   * asked for them with `reports=<n>`, so that an entity page gets its tests
   * and their history in one request.
   */
  reports?: RestoreReport[];
}

/**
 * The backend's REST API under `/api/kymaros`:
 *
 * - `GET /health` (open) → `{ status: 'ok' }`
 * - `GET /tests?entityRef=<ref>&reports=<n>` → `ListResponse<RestoreTestItem>`; with `reports`
 *   (1 to 100, only with `entityRef`), each test carries its `n` newest reports
 * - `GET /tests/:id` → `RestoreTestItem`
 * - `GET /tests/:id/reports` → `ListResponse<RestoreReport>`, newest first
 * - `GET /reports/:name` → `RestoreReport`
 * - `GET /reports/:name/logs` → `RunEvidence`: the pod logs and events the run kept (404 when none)
 * - `POST /tests/:id/run` → 202 `RunAcceptedResponse` (permission `kymaros.restoretest.run` on the
 *   test's entity); 409 while a run of the test is going, queued, interrupted or already requested
 * - `GET /summary?limit=&offset=&result=&owner=&search=&sort=&order=` → `SummaryResponse`
 *   (see `SummaryQuery`)
 *
 * Ids are URL-encoded path segments. Errors use Backstage's error body
 * (`{ error: { name, message }, response: { statusCode } }`): 400 for bad input, 403 without
 * permission to run, 404 for unknown ids and for ids of entities the caller may not read (lists
 * leave those out; reading is `kymaros.report.read` on the entity).
 *
 * @public
 */
export interface ListResponse<T> {
  items: T[];
}

/** @public */
export interface RunAcceptedResponse {
  testId: string;
  status: 'accepted';
}
