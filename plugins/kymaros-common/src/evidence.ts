/**
 * What a run kept from its sandboxes and its provider before cleanup: the
 * state of the pods (every pod that failed or never became Ready, and with
 * `logCollection` every pod), their container logs, the namespaces' events,
 * the failed checks with the pods they target, and the provider's restore
 * log, warnings and errors. Bounded, with the values of Secrets redacted.
 * Served by `GET /api/kymaros/reports/:name/logs`.
 *
 * @public
 */
export interface RunEvidence {
  podLogs: PodLogs[];
  events: SandboxEvent[];
  /** Checks that failed, with what they targeted; absent when none failed. */
  checks?: CheckEvidence[];
  /** The provider's own account of the restore; absent when no restore was attempted. */
  restore?: RestoreEvidence;
  /** What was left out to stay within the bounds, in words; absent when nothing was. */
  omitted?: string[];
}

/** @public */
export interface PodLogs {
  podName: string;
  /** The sandbox namespace the pod ran in. */
  namespace: string;
  /** The source namespace the sandbox restored. */
  sourceNamespace?: string;
  phase: string;
  /** Whether the pod was Ready when the run kept it (absent in evidence kept before it was recorded). */
  ready?: boolean;
  /** Why the pod is not Ready, as `kubectl describe` would say (`CrashLoopBackOff — OOMKilled`). */
  problem?: string;
  /** The pod's `status.reason` and `status.message` (`Evicted`, …). */
  reason?: string;
  message?: string;
  /** Restarts of all its containers, init ones included, when it was kept. */
  restartCount?: number;
  conditions?: PodConditionEvidence[];
  /** Init containers first, then app containers. */
  containerStates?: ContainerStateEvidence[];
  containers: ContainerLog[];
}

/** @public */
export interface PodConditionEvidence {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/**
 * A container's state (`waiting`, `running`, `terminated`) with its reason,
 * and how its previous instance ended.
 *
 * @public
 */
export interface ContainerStateEvidence {
  name: string;
  init: boolean;
  ready: boolean;
  restartCount: number;
  state: ContainerStateDetail;
  /** How the previous instance ended (`OOMKilled`, exit code 137). */
  lastTermination?: ContainerStateDetail;
}

/** @public */
export interface ContainerStateDetail {
  state: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason?: string;
  message?: string;
  exitCode?: number;
  /** RFC 3339. */
  startedAt?: string;
  finishedAt?: string;
}

/** @public */
export interface ContainerLog {
  name: string;
  /** `previous`: the log of the container's last terminated instance. */
  type: 'container' | 'init' | 'previous';
  log: string;
  /** Lines or bytes were cut (the tail is kept). */
  truncated: boolean;
  /** Lines in `log`. */
  totalLines: number;
}

/** @public */
export interface SandboxEvent {
  namespace: string;
  type: string;
  reason: string;
  message: string;
  /** `Kind/name`. */
  involvedObject: string;
  /** RFC 3339, without fractional seconds. */
  lastTimestamp: string;
  count: number;
}

/**
 * A failed check and where to look: the pods it targets (keys into
 * `podLogs`), or the sandboxes it searched when its pods cannot be known.
 *
 * @public
 */
export interface CheckEvidence {
  name: string;
  type?: string;
  message: string;
  /** The sandbox namespaces the check ran in. */
  sandboxes: string[];
  /** The pods the check targets, by sandbox namespace and name. */
  pods: { namespace: string; podName: string }[];
}

/**
 * The provider's restore log (its tail), warnings and errors, as the
 * provider keeps them (Velero: `RestoreLog` and `RestoreResults`).
 *
 * @public
 */
export interface RestoreEvidence {
  provider: string;
  /** The provider's restore object. */
  restoreName: string;
  log?: string;
  /** The log was cut; its tail is kept. */
  logTruncated?: boolean;
  warnings: string[];
  errors: string[];
  /** Why the provider's account could not be read, or that it keeps none. */
  unavailable?: string;
}
