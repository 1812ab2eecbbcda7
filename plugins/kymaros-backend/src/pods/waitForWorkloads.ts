import * as k8s from '@kubernetes/client-node';
import { isPodReady } from '../kube/podState';
import {
  followNamespaced,
  listNamespaced,
  PodMap,
} from '../kube/followNamespaced';
import { type PodStartupProblem, podStartupProblem } from './podStartupProblem';

export interface WorkloadPods {
  /** Each workload, how many replicas it wants and how many of them were Ready. */
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
  notReady: PodStartupProblem[];
  /** Workloads whose pods do not exist at all (e.g. StatefulSet ordinals never created). */
  missingPods: { namespace: string; workload: string; count: number }[];
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

function selects(selector: Record<string, string>, pod: k8s.V1Pod): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(
    ([key, value]) => labels[key] === value,
  );
}

const byName = (a: k8s.V1Pod, b: k8s.V1Pod) =>
  a.metadata!.name!.localeCompare(b.metadata!.name!);

/** What the pods known now say about each workload; pods being deleted do not count. */
function summarize(
  workloads: Workload[],
  pods: Map<string, PodMap>,
  timeoutMs: number,
): WorkloadPods {
  const result: WorkloadPods = {
    workloads: [],
    expected: 0,
    ready: 0,
    readyPods: [],
    notReady: [],
    missingPods: [],
  };
  for (const w of workloads) {
    const matching = [...(pods.get(w.namespace)?.values() ?? [])]
      .filter(p => !p.metadata?.deletionTimestamp && selects(w.selector, p))
      .sort(byName);
    const ready = matching.filter(isPodReady);
    const counted = Math.min(ready.length, w.desired);
    const { namespace, kind, name, desired } = w;
    result.workloads.push({ namespace, kind, name, desired, ready: counted });
    result.expected += desired;
    result.ready += counted;
    result.readyPods.push(
      ...ready.slice(0, desired).map(p => p.metadata!.name!),
    );
    for (const p of matching.filter(x => !isPodReady(x)))
      result.notReady.push(podStartupProblem(p, timeoutMs));
    if (matching.length < desired)
      result.missingPods.push({
        namespace,
        workload: `${kind}/${name}`,
        count: desired - matching.length,
      });
  }
  return result;
}

/** The answer once every workload has its Ready pods, stamped with how long that took. */
function allReady(
  workloads: Workload[],
  pods: Map<string, PodMap>,
  when: { started: number; timeoutMs: number },
): WorkloadPods | undefined {
  const answer = summarize(workloads, pods, when.timeoutMs);
  if (answer.ready < answer.expected) return undefined;
  // Taken when the watch event that made the last pod Ready arrives, on the
  // same clock as `started`: the Ready condition's lastTransitionTime has only
  // second precision and comes from the cluster's clock, which may be skewed.
  answer.allReadyAfterMs = Date.now() - when.started;
  return answer;
}

/**
 * Waits until every restored workload has its desired number of Ready pods,
 * or the timeout passes, then says which pods were and were not Ready.
 * Pods are listed once per namespace and then followed by watch, so
 * readiness is seen as the cluster reports it and the API traffic does not
 * grow with the length of the wait. An abort ends the wait, not the answer:
 * the caller gets what was Ready by then.
 */
export async function waitForWorkloads(
  kc: k8s.KubeConfig,
  namespaces: string[],
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WorkloadPods> {
  const started = Date.now();
  const workloads = await listWorkloads(kc, namespaces);
  const pods = new Map<string, PodMap>(
    workloads.map(w => [w.namespace, new Map()]),
  );
  const versions = await Promise.all(
    [...pods].map(([namespace, map]) =>
      listNamespaced(kc, namespace, 'pods', map),
    ),
  );
  const ready = allReady(workloads, pods, { started, timeoutMs });
  if (ready || signal.aborted)
    return ready ?? summarize(workloads, pods, timeoutMs);
  return follow(kc, workloads, pods, versions, {
    signal,
    timeoutMs,
    started,
  });
}

/** Follows every namespace's pods until all are Ready, the deadline passes or the signal aborts. */
function follow(
  kc: k8s.KubeConfig,
  workloads: Workload[],
  pods: Map<string, PodMap>,
  versions: (string | undefined)[],
  when: { signal: AbortSignal; timeoutMs: number; started: number },
): Promise<WorkloadPods> {
  return new Promise((resolve, reject) => {
    const stop = new AbortController();
    let settled = false;
    const onAbort = () =>
      end(() => resolve(summarize(workloads, pods, when.timeoutMs)));
    const timer = setTimeout(
      onAbort,
      Math.max(0, when.started + when.timeoutMs - Date.now()),
    );
    when.signal.addEventListener('abort', onAbort);
    function end(settle: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      when.signal.removeEventListener('abort', onAbort);
      stop.abort();
      settle();
    }
    [...pods].forEach(([namespace, map], i) =>
      followNamespaced(
        {
          kubeConfig: kc,
          namespace,
          resource: 'pods',
          objects: map,
          signal: stop.signal,
          changed() {
            const answer = allReady(workloads, pods, when);
            if (answer) end(() => resolve(answer));
          },
        },
        versions[i],
      ).catch(e => end(() => reject(e))),
    );
  });
}
