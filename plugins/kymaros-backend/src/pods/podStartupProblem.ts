import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { podProblem } from '../kube/podState';

/** A pod that did not become Ready, said as a report's podStartup detail says it. */
export interface PodStartupProblem {
  pod: string;
  /** One sentence naming the pod. */
  reason: string;
  /** Higher is worse: the worst problem leads the detail. */
  severity: number;
}

/** A container waiting to be started again after it died: `CrashLoopBackOff` after `OOMKilled`. */
function restartLoop(pod: V1Pod): string | undefined {
  const statuses = [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ];
  const looping = statuses.find(
    (s: V1ContainerStatus) =>
      s.state?.waiting?.reason && s.lastState?.terminated,
  );
  if (!looping) return undefined;
  const last = looping.lastState!.terminated!;
  const died =
    last.reason && last.reason !== 'Error'
      ? last.reason
      : `exited with code ${last.exitCode ?? '?'}`;
  // Name the container only when the pod has several, as kubectl does.
  const container =
    statuses.length > 1 ? `container ${looping.name}` : 'container';
  return `entered ${looping.state!.waiting!.reason}: ${container} ${died}`;
}

/**
 * Why a restored pod is not Ready: "Pod orders-postgres-0 entered
 * CrashLoopBackOff: container OOMKilled" for a container that keeps dying,
 * else "Pod web-1 did not reach Ready state within 2m0s: <what kubectl
 * would show>".
 */
export function podStartupProblem(
  pod: V1Pod,
  timeoutMs: number,
): PodStartupProblem {
  const name = pod.metadata?.name ?? '';
  const problem = podProblem(pod);
  const loop = restartLoop(pod);
  return {
    pod: name,
    reason: loop
      ? `Pod ${name} ${loop}`
      : `Pod ${name} did not reach Ready state within ${formatDuration(
          timeoutMs,
        )}: ${problem.text}`,
    severity: problem.severity,
  };
}
