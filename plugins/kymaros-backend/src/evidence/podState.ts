import type * as k8s from '@kubernetes/client-node';
import type {
  ContainerStateDetail,
  ContainerStateEvidence,
  PodLogs,
} from '@kymaros/plugin-kymaros-common';
import { isPodReady, podProblem, restartCount } from '../kube/podState';
import { toRfc3339 } from '../reports/rfc3339';

export type PodState = Omit<
  PodLogs,
  'podName' | 'namespace' | 'sourceNamespace' | 'containers'
>;

// Kept whole: messages are cut once redacted (see boundMessages).
const text = (message?: string) => message || undefined;

const time = (at?: Date | string) => (at ? toRfc3339(at) : undefined);

/** Keeps only the fields that are set, so the stored JSON says nothing it does not know. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== undefined),
  ) as T;
}

function stateDetail(state?: k8s.V1ContainerState): ContainerStateDetail {
  if (state?.terminated)
    return defined({
      state: 'terminated' as const,
      reason: state.terminated.reason,
      message: text(state.terminated.message),
      exitCode: state.terminated.exitCode,
      startedAt: time(state.terminated.startedAt),
      finishedAt: time(state.terminated.finishedAt),
    });
  if (state?.waiting)
    return defined({
      state: 'waiting' as const,
      reason: state.waiting.reason,
      message: text(state.waiting.message),
    });
  if (state?.running)
    return defined({
      state: 'running' as const,
      startedAt: time(state.running.startedAt),
    });
  return { state: 'unknown' };
}

function containerState(
  status: k8s.V1ContainerStatus,
  init: boolean,
): ContainerStateEvidence {
  return {
    name: status.name,
    init,
    ready: status.ready,
    restartCount: status.restartCount ?? 0,
    state: stateDetail(status.state),
    ...(status.lastState?.terminated
      ? { lastTermination: stateDetail(status.lastState) }
      : {}),
  };
}

/** A pod that will not serve: not Ready and not a finished job. */
export function isPodFailing(pod: k8s.V1Pod): boolean {
  return pod.status?.phase !== 'Succeeded' && !isPodReady(pod);
}

/**
 * What `kubectl describe pod` would show of a pod's health: its phase,
 * conditions, each container's state with how its last instance ended
 * (`OOMKilled`, exit code 137), restarts, and in one line why it is not
 * Ready.
 */
export function podState(pod: k8s.V1Pod): PodState {
  const status = pod.status ?? {};
  const failing = isPodFailing(pod);
  return defined({
    phase: status.phase ?? 'Unknown',
    ready: !failing,
    problem: failing ? podProblem(pod).text : undefined,
    reason: status.reason,
    message: text(status.message),
    restartCount: restartCount(pod),
    conditions: (status.conditions ?? []).map(c =>
      defined({
        type: c.type,
        status: c.status,
        reason: c.reason,
        message: text(c.message),
      }),
    ),
    containerStates: [
      ...(status.initContainerStatuses ?? []).map(c => containerState(c, true)),
      ...(status.containerStatuses ?? []).map(c => containerState(c, false)),
    ],
  });
}
