/**
 * What a run kept from its sandboxes before deleting them (a RestoreTest's
 * `logCollection`): container logs and the namespaces' events, bounded,
 * with restored Secret values redacted. Served by
 * `GET /api/kymaros/reports/:name/logs`.
 *
 * @public
 */
export interface RunEvidence {
  podLogs: PodLogs[];
  events: SandboxEvent[];
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
  containers: ContainerLog[];
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
