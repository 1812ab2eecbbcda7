import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';

/** `{app: 'web', tier: 'db'}` → `app=web,tier=db`, the API's label selector syntax. */
export function labelSelectorString(selector?: Record<string, string>): string {
  return Object.entries(selector ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}

/** Ready as a Service's endpoints see it: Running with the Ready condition True, and not being deleted. */
export function isPodReady(pod: V1Pod): boolean {
  return (
    pod.status?.phase === 'Running' &&
    !pod.metadata?.deletionTimestamp &&
    (pod.status?.conditions ?? []).some(
      c => c.type === 'Ready' && c.status === 'True',
    )
  );
}

export function restartCount(pod: V1Pod): number {
  return [
    ...(pod.status?.initContainerStatuses ?? []),
    ...(pod.status?.containerStatuses ?? []),
  ].reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
}

/** Waiting reasons that will not fix themselves by waiting longer. */
const brokenReasons = new Set([
  'CrashLoopBackOff',
  'ImagePullBackOff',
  'ErrImagePull',
  'InvalidImageName',
  'CreateContainerConfigError',
  'CreateContainerError',
  'RunContainerError',
]);

export interface PodProblem {
  /** Higher is worse: a crash outranks a pod that is merely still starting. */
  severity: number;
  text: string;
  crashed: boolean;
}

function terminationText(t: {
  reason?: string;
  exitCode?: number;
  message?: string;
}): string {
  const reason = t.reason && t.reason !== 'Error' ? t.reason : undefined;
  if (reason) return reason;
  return `${t.reason ? `${t.reason}, ` : ''}exit code ${t.exitCode ?? '?'}`;
}

function containerProblem(
  status: V1ContainerStatus,
  init: boolean,
): PodProblem | undefined {
  const prefix = init ? 'Init:' : '';
  const waiting = status.state?.waiting;
  const terminated = status.state?.terminated;
  const last = status.lastState?.terminated;
  if (waiting?.reason) {
    const crashed = !!last || waiting.reason === 'CrashLoopBackOff';
    let text = `${prefix}${waiting.reason}`;
    if (last) text += ` — ${terminationText(last)}`;
    else if (waiting.message && brokenReasons.has(waiting.reason))
      text += `: ${waiting.message}`;
    return {
      severity: brokenReasons.has(waiting.reason) || crashed ? 5 : 2,
      text,
      crashed,
    };
  }
  if (terminated && !(init && terminated.exitCode === 0)) {
    return {
      severity: terminated.exitCode === 0 ? 2 : 5,
      text: `${prefix}terminated: ${terminationText(terminated)}`,
      crashed: terminated.exitCode !== 0,
    };
  }
  if (!init && status.state?.running && !status.ready) {
    return { severity: 3, text: 'Running but not ready', crashed: false };
  }
  return undefined;
}

/** Why a pod is not Ready, in the words `kubectl get pods` and `describe` would use. */
export function podProblem(pod: V1Pod): PodProblem {
  const status = pod.status ?? {};
  if (pod.metadata?.deletionTimestamp)
    return { severity: 2, text: 'Terminating', crashed: false };
  if (status.phase === 'Failed' || status.phase === 'Succeeded') {
    const detail = [status.reason, status.message].filter(Boolean).join(': ');
    const container = (status.containerStatuses ?? [])
      .map(c => c.state?.terminated)
      .find(Boolean);
    const why = detail || (container ? terminationText(container) : '');
    return {
      severity: status.phase === 'Failed' ? 5 : 2,
      text: `${status.phase}${why ? ` — ${why}` : ''}`,
      crashed: status.phase === 'Failed',
    };
  }
  const unscheduled = (status.conditions ?? []).find(
    c => c.type === 'PodScheduled' && c.status === 'False',
  );
  if (unscheduled) {
    return {
      severity: 4,
      text: `Pending — ${unscheduled.reason ?? 'not scheduled'}${
        unscheduled.message ? `: ${unscheduled.message}` : ''
      }`,
      crashed: false,
    };
  }
  const containers = pod.spec?.containers ?? [];
  const problems = [
    ...(status.initContainerStatuses ?? []).map(c => ({
      c,
      p: containerProblem(c, true),
    })),
    ...(status.containerStatuses ?? []).map(c => ({
      c,
      p: containerProblem(c, false),
    })),
  ].filter(x => x.p) as { c: V1ContainerStatus; p: PodProblem }[];
  if (problems.length > 0) {
    const worst = problems.reduce((a, b) =>
      b.p.severity > a.p.severity ? b : a,
    );
    // Name the container only when the pod has several, as kubectl does.
    const many =
      containers.length + (pod.spec?.initContainers?.length ?? 0) > 1;
    return {
      ...worst.p,
      text: many ? `container ${worst.c.name}: ${worst.p.text}` : worst.p.text,
    };
  }
  return { severity: 1, text: status.phase ?? 'Pending', crashed: false };
}

/**
 * One line saying which pod is not Ready and why. No restart count: a
 * crash-looping pod's count changes by the second, and the report's figure is
 * the one its evidence kept, once, before cleanup.
 */
export function describeNotReady(pod: V1Pod): string {
  return `Pod ${pod.metadata?.name} not Ready: ${podProblem(pod).text}`;
}

/** The pod most worth explaining: the worst problem, then the most restarts, then the name. */
export function worstPod(pods: V1Pod[]): V1Pod | undefined {
  return pods
    .filter(p => !isPodReady(p))
    .map(pod => ({ pod, severity: podProblem(pod).severity }))
    .sort(
      (a, b) =>
        b.severity - a.severity ||
        restartCount(b.pod) - restartCount(a.pod) ||
        (a.pod.metadata?.name ?? '').localeCompare(b.pod.metadata?.name ?? ''),
    )[0]?.pod;
}

/** The Ready pod a check talks to: the first by name, so repeated runs pick the same one. */
export function firstReadyPod(pods: V1Pod[]): V1Pod | undefined {
  return pods
    .filter(isPodReady)
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))[0];
}
