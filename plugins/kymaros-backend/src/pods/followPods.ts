import * as k8s from '@kubernetes/client-node';
import { isRefusal } from '../kube/kubeErrors';
import { sleep } from '../kube/poll';

/** Least time between two watch requests, so a stream that keeps breaking is not reopened in a tight loop. */
const RETRY_MS = 1000;

/** The pods of one namespace by name, kept current by `followPods`. */
export type PodMap = Map<string, k8s.V1Pod>;

export interface FollowPodsOptions {
  kubeConfig: k8s.KubeConfig;
  namespace: string;
  pods: PodMap;
  /** Called after every change to `pods`. */
  changed(): void;
  /** Ends the following. */
  signal: AbortSignal;
}

type StreamEnd = {
  /** Where to resume; absent when the watch must start again from a fresh list (410, ERROR event). */
  resourceVersion?: string;
  refusal?: Error;
};

/** Replaces `pods` with the namespace's pods; returns the list's resourceVersion to watch from. */
export async function listPods(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
  pods: PodMap,
): Promise<string | undefined> {
  const list = await kubeConfig
    .makeApiClient(k8s.CoreV1Api)
    .listNamespacedPod({ namespace });
  pods.clear();
  for (const pod of list.items) pods.set(pod.metadata!.name!, pod);
  return list.metadata?.resourceVersion;
}

/** Applies one watch event to `pods`; says whether the map changed. */
function apply(pods: PodMap, type: string, pod: k8s.V1Pod): boolean {
  const name = pod?.metadata?.name;
  if (!name || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED'))
    return false;
  if (type === 'DELETED') pods.delete(name);
  else pods.set(name, pod);
  return true;
}

/** One watch stream from `resourceVersion`, until the server or the network ends it, or the signal aborts. */
function watchOnce(
  options: FollowPodsOptions,
  resourceVersion: string,
): Promise<StreamEnd> {
  const { signal, pods } = options;
  return new Promise(resolve => {
    let controller: AbortController | undefined;
    let last: string | undefined = resourceVersion;
    let settled = false;
    const end = (result: StreamEnd) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(result);
    };
    function onAbort() {
      end({ resourceVersion: last });
    }
    signal.addEventListener('abort', onAbort);
    new k8s.Watch(options.kubeConfig)
      .watch(
        `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/pods`,
        { resourceVersion, allowWatchBookmarks: true },
        (type: string, object: any) => {
          // An ERROR event (410 Gone among others) means the history is lost: list again.
          if (type === 'ERROR') end({});
          if (settled) return;
          last = object?.metadata?.resourceVersion ?? last;
          if (apply(pods, type, object)) options.changed();
        },
        (error: any) => {
          const expired = error?.statusCode === 410 || error?.code === 410;
          if (isRefusal(error)) end({ refusal: error });
          else end({ resourceVersion: expired ? undefined : last });
        },
      )
      .then(started => {
        controller = started;
        if (settled) started.abort();
      })
      .catch(e =>
        end(isRefusal(e) ? { refusal: e } : { resourceVersion: last }),
      );
    if (signal.aborted) onAbort();
  });
}

/**
 * Follows a namespace's pods by watch, from `resourceVersion` (that of the
 * list `pods` came from), until the signal aborts: resumes where a stream
 * ended, lists again when the server no longer has that history (410), and
 * waits between attempts so a failing API server is not hammered. Rejects
 * only when the write guard refuses the watch.
 */
export async function followPods(
  options: FollowPodsOptions,
  resourceVersion: string | undefined,
): Promise<void> {
  const { signal } = options;
  let from = resourceVersion;
  let lastStart = 0;
  while (!signal.aborted) {
    await pause(lastStart + RETRY_MS - Date.now(), signal);
    if (signal.aborted) return;
    lastStart = Date.now();
    if (from === undefined) {
      from = await listPods(
        options.kubeConfig,
        options.namespace,
        options.pods,
      ).catch(e => {
        if (isRefusal(e)) throw e;
        return undefined;
      });
      if (from === undefined) continue;
      options.changed();
    }
    const end = await watchOnce(options, from);
    if (end.refusal) throw end.refusal;
    from = end.resourceVersion;
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return ms > 0 ? sleep(ms, signal).catch(() => undefined) : Promise.resolve();
}
