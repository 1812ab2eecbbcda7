import type {
  ContainerStateDetail,
  PodLogs,
  SandboxEvent,
} from '@kymaros/plugin-kymaros-common';

/** `OOMKilled (exit code 137)`, `Error (exit code 1)`, `exit code 2`. */
export function describeTermination(t: ContainerStateDetail): string {
  const code = t.exitCode !== undefined ? `exit code ${t.exitCode}` : '';
  if (!t.reason) return code || 'terminated';
  return code ? `${t.reason} (${code})` : t.reason;
}

/**
 * How the pod's containers last ended, worst first: the termination a
 * reader looks for (`postgres: OOMKilled (exit code 137)`), from the last
 * instance or the current one when it has ended.
 */
export function terminations(pod: PodLogs): string[] {
  const states = pod.containerStates ?? [];
  const many = states.length > 1;
  return states.flatMap(c => {
    const ended =
      c.lastTermination ??
      (c.state.state === 'terminated' && (c.state.exitCode ?? 0) !== 0
        ? c.state
        : undefined);
    if (!ended) return [];
    const text = describeTermination(ended);
    return [many ? `${c.name}: ${text}` : text];
  });
}

/** A pod kept as failing; evidence kept before pod states were recorded counts by its phase. */
export function isFailing(pod: PodLogs): boolean {
  return pod.ready === undefined
    ? pod.phase !== 'Running' && pod.phase !== 'Succeeded'
    : !pod.ready;
}

/** The events about one pod. */
export function eventsOf(pod: PodLogs, events: SandboxEvent[]): SandboxEvent[] {
  return events.filter(
    e =>
      e.namespace === pod.namespace &&
      e.involvedObject === `Pod/${pod.podName}`,
  );
}

/** One event as `kubectl get events` lines it up. */
export function eventLine(e: SandboxEvent): string {
  return `${e.lastTimestamp} ${e.type} ${e.reason} ${e.involvedObject}${
    e.count > 1 ? ` (×${e.count})` : ''
  }: ${e.message}`;
}
