import * as k8s from '@kubernetes/client-node';
import { isRefusal } from './kubeErrors';
import { sleep } from './poll';

/** Least time between two watch requests, so a stream that keeps breaking is not reopened in a tight loop. */
const RETRY_MS = 1000;

/** The core objects a run follows in its sandboxes, and how each is listed. */
const LISTS = {
  pods: (api: k8s.CoreV1Api, namespace: string) =>
    api.listNamespacedPod({ namespace }),
  persistentvolumeclaims: (api: k8s.CoreV1Api, namespace: string) =>
    api.listNamespacedPersistentVolumeClaim({ namespace }),
};

export type NamespacedResource = keyof typeof LISTS;

type ObjectOf<R extends NamespacedResource> = Awaited<
  ReturnType<(typeof LISTS)[R]>
>['items'][number];

/** The objects of one namespace by name, kept current by `followNamespaced`. */
export type ObjectMap<T> = Map<string, T>;

/** The pods of one namespace by name. */
export type PodMap = ObjectMap<k8s.V1Pod>;

export interface FollowOptions<R extends NamespacedResource> {
  kubeConfig: k8s.KubeConfig;
  namespace: string;
  resource: R;
  objects: ObjectMap<ObjectOf<R>>;
  /** Called after every change to `objects`, with the object of a watch event (a deleted one included). */
  changed(object?: ObjectOf<R>): void;
  /** Ends the following. */
  signal: AbortSignal;
}

type StreamEnd = {
  /** Where to resume; absent when the watch must start again from a fresh list (410, ERROR event). */
  resourceVersion?: string;
  refusal?: Error;
};

/** Replaces `objects` with the namespace's objects of that resource; returns the list's resourceVersion to watch from. */
export async function listNamespaced<R extends NamespacedResource>(
  kubeConfig: k8s.KubeConfig,
  namespace: string,
  resource: R,
  objects: ObjectMap<ObjectOf<R>>,
): Promise<string | undefined> {
  const list = await LISTS[resource](
    kubeConfig.makeApiClient(k8s.CoreV1Api),
    namespace,
  );
  objects.clear();
  for (const item of list.items as ObjectOf<R>[])
    objects.set(item.metadata!.name!, item);
  return list.metadata?.resourceVersion;
}

/** Applies one watch event to `objects`; says whether the map changed. */
function apply<T extends k8s.KubernetesObject>(
  objects: ObjectMap<T>,
  type: string,
  object: T,
): boolean {
  const name = object?.metadata?.name;
  if (!name || (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED'))
    return false;
  if (type === 'DELETED') objects.delete(name);
  else objects.set(name, object);
  return true;
}

/** One watch stream from `resourceVersion`, until the server or the network ends it, or the signal aborts. */
function watchOnce<R extends NamespacedResource>(
  options: FollowOptions<R>,
  resourceVersion: string,
): Promise<StreamEnd> {
  const { signal, objects } = options;
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
        `/api/v1/namespaces/${encodeURIComponent(options.namespace)}/${
          options.resource
        }`,
        { resourceVersion, allowWatchBookmarks: true },
        (type: string, object: any) => {
          // An ERROR event (410 Gone among others) means the history is lost: list again.
          if (type === 'ERROR') end({});
          if (settled) return;
          last = object?.metadata?.resourceVersion ?? last;
          if (apply(objects, type, object)) options.changed(object);
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
 * Follows a namespace's objects of one resource by watch, from
 * `resourceVersion` (that of the list `objects` came from), until the signal
 * aborts: resumes where a stream
 * ended, lists again when the server no longer has that history (410), and
 * waits between attempts so a failing API server is not hammered. Rejects
 * only when the write guard refuses the watch.
 */
export async function followNamespaced<R extends NamespacedResource>(
  options: FollowOptions<R>,
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
      from = await listNamespaced(
        options.kubeConfig,
        options.namespace,
        options.resource,
        options.objects,
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
