import type { PodLogs, RunEvidence } from '@kymaros/plugin-kymaros-common';

/** Conditions kept per pod (Kubernetes sets five, readiness gates add a few). */
export const MAX_CONDITIONS = 10;
/** Container states kept per pod, init containers first. */
export const MAX_CONTAINER_STATES = 20;
/** Pods listed per failed check. */
export const MAX_CHECK_PODS = 20;

function first<T>(
  items: T[] | undefined,
  max: number,
  what: string,
  omitted: string[],
): T[] | undefined {
  if (!items || items.length <= max) return items;
  omitted.push(`${items.length - max} ${what} left out (${max} kept)`);
  return items.slice(0, max);
}

function boundPod(pod: PodLogs, omitted: string[]): PodLogs {
  const of = `of ${pod.namespace}/${pod.podName}`;
  const conditions = first(
    pod.conditions,
    MAX_CONDITIONS,
    `conditions ${of}`,
    omitted,
  );
  const containerStates = first(
    pod.containerStates,
    MAX_CONTAINER_STATES,
    `container states ${of}`,
    omitted,
  );
  return {
    ...pod,
    ...(conditions ? { conditions } : {}),
    ...(containerStates ? { containerStates } : {}),
  };
}

/** The lists inside a run's evidence cut to their first few, so a stored run has a known largest size. */
export function boundLists(
  evidence: RunEvidence,
  omitted: string[],
): RunEvidence {
  const { checks } = evidence;
  return {
    ...evidence,
    podLogs: evidence.podLogs.map(p => boundPod(p, omitted)),
    ...(checks
      ? {
          checks: checks.map(c => ({
            ...c,
            pods: first(
              c.pods,
              MAX_CHECK_PODS,
              `pods targeted by check ${c.name}`,
              omitted,
            )!,
          })),
        }
      : {}),
  };
}
