import * as k8s from '@kubernetes/client-node';
import {
  describeNotReady,
  isPodReady,
  labelSelectorString,
} from '../kube/podState';
import { pollUntil } from '../kube/poll';

export interface WorkloadPods {
  /** `namespace/name` of each workload and how many replicas it wants. */
  workloads: {
    namespace: string;
    kind: string;
    name: string;
    desired: number;
    ready: number;
  }[];
  expected: number;
  ready: number;
  readyPods: string[];
  /** Pods that never became Ready, with what is wrong with each. */
  notReady: { pod: string; reason: string }[];
  /** Workloads whose pods do not exist at all (e.g. StatefulSet ordinals never created). */
  missingPods: { workload: string; count: number }[];
  /** When all expected pods were Ready, relative to the start of the wait. */
  allReadyAfterMs?: number;
}

interface Workload {
  namespace: string;
  kind: string;
  name: string;
  desired: number;
  selector: Record<string, string>;
}

async function listWorkloads(
  kc: k8s.KubeConfig,
  namespaces: string[],
): Promise<Workload[]> {
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const out: Workload[] = [];
  for (const namespace of namespaces) {
    const [deployments, statefulSets, daemonSets] = await Promise.all([
      apps.listNamespacedDeployment({ namespace }),
      apps.listNamespacedStatefulSet({ namespace }),
      apps.listNamespacedDaemonSet({ namespace }),
    ]);
    for (const d of deployments.items)
      out.push({
        namespace,
        kind: 'Deployment',
        name: d.metadata!.name!,
        desired: d.spec?.replicas ?? 1,
        selector: d.spec?.selector?.matchLabels ?? {},
      });
    for (const s of statefulSets.items)
      out.push({
        namespace,
        kind: 'StatefulSet',
        name: s.metadata!.name!,
        desired: s.spec?.replicas ?? 1,
        selector: s.spec?.selector?.matchLabels ?? {},
      });
    for (const d of daemonSets.items)
      out.push({
        namespace,
        kind: 'DaemonSet',
        name: d.metadata!.name!,
        desired: d.status?.desiredNumberScheduled ?? 1,
        selector: d.spec?.selector?.matchLabels ?? {},
      });
  }
  return out;
}

async function snapshot(
  kc: k8s.KubeConfig,
  workloads: Workload[],
  started: number,
): Promise<WorkloadPods> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const result: WorkloadPods = {
    workloads: [],
    expected: 0,
    ready: 0,
    readyPods: [],
    notReady: [],
    missingPods: [],
  };
  for (const w of workloads) {
    const pods = (
      await core.listNamespacedPod({
        namespace: w.namespace,
        labelSelector: labelSelectorString(w.selector),
      })
    ).items.filter(p => !p.metadata?.deletionTimestamp);
    const ready = pods.filter(isPodReady);
    result.workloads.push({
      namespace: w.namespace,
      kind: w.kind,
      name: w.name,
      desired: w.desired,
      ready: Math.min(ready.length, w.desired),
    });
    result.expected += w.desired;
    result.ready += Math.min(ready.length, w.desired);
    result.readyPods.push(
      ...ready.slice(0, w.desired).map(p => p.metadata!.name!),
    );
    for (const p of pods.filter(x => !isPodReady(x)))
      result.notReady.push({
        pod: p.metadata!.name!,
        reason: describeNotReady(p),
      });
    if (pods.length < w.desired)
      result.missingPods.push({
        workload: `${w.kind}/${w.name}`,
        count: w.desired - pods.length,
      });
  }
  if (result.ready === result.expected)
    result.allReadyAfterMs = Date.now() - started;
  return result;
}

/**
 * Waits until every restored workload has its desired number of Ready pods,
 * or the timeout passes, then says which pods were and were not Ready.
 */
export async function waitForWorkloads(
  kc: k8s.KubeConfig,
  namespaces: string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WorkloadPods> {
  const started = Date.now();
  const workloads = await listWorkloads(kc, namespaces);
  let last: WorkloadPods | undefined;
  const allReady = async () => {
    last = await snapshot(kc, workloads, started);
    return last.ready >= last.expected ? last : undefined;
  };
  await pollUntil(allReady, {
    signal,
    deadline: started + timeoutMs,
    initialIntervalMs: 500,
    maxIntervalMs: 5000,
  }).catch(e => {
    // An abort ends the wait, not the answer: the caller reports what was Ready by then.
    if (!signal.aborted) throw e;
  });
  return last ?? snapshot(kc, workloads, started);
}
