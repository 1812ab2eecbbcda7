import * as k8s from '@kubernetes/client-node';
import { NotFoundError } from '@backstage/errors';
import { isRefusal } from './kubeErrors';
import { sleep } from './poll';

/** Wait before watching again after a transient API error. */
const RETRY_MS = 1000;

type Versioned = { metadata?: { resourceVersion?: string } };

export interface WatchObjectOptions<T> {
  kubeConfig: k8s.KubeConfig;
  /** Collection path to watch, e.g. `/api/v1/namespaces/demo/configmaps`. */
  path: string;
  name: string;
  get(): Promise<T>;
  done(object: T): boolean;
  signal?: AbortSignal;
}

type WatchOutcome<T> =
  | { kind: 'done'; object: T }
  /** The stream ended (timeout, server restart, 410); `resourceVersion` is where to resume. */
  | {
      kind: 'ended';
      expired: boolean;
      /** The stream broke (connection refused, reset) rather than being closed by the server. */
      failed?: boolean;
      resourceVersion?: string;
    }
  | { kind: 'deleted' };

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** One watch stream on a single object, from `resourceVersion`, until something decisive happens. */
function watchOnce<T>(
  options: WatchObjectOptions<T>,
  resourceVersion: string | undefined,
): Promise<WatchOutcome<T>> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    let lastVersion = resourceVersion;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      return true;
    };
    function onAbort() {
      if (!settle()) return;
      controller?.abort();
      reject(abortError(signal!));
    }
    const finish = (outcome: WatchOutcome<T>) => {
      if (!settle()) return;
      controller?.abort();
      resolve(outcome);
    };
    const fail = (error: unknown) => settle() && reject(error);
    const ended = (expired: boolean, failed: boolean) =>
      finish({ kind: 'ended', expired, failed, resourceVersion: lastVersion });
    signal?.addEventListener('abort', onAbort);
    new k8s.Watch(options.kubeConfig)
      .watch(
        options.path,
        {
          fieldSelector: `metadata.name=${options.name}`,
          resourceVersion,
          allowWatchBookmarks: true,
        },
        (type: string, object: any) => {
          if (type === 'ERROR')
            finish({ kind: 'ended', expired: object?.code === 410 });
          else if (type === 'DELETED') finish({ kind: 'deleted' });
          else {
            lastVersion = object?.metadata?.resourceVersion ?? lastVersion;
            if (type !== 'BOOKMARK' && options.done(object))
              finish({ kind: 'done', object });
          }
        },
        (error: any) =>
          isRefusal(error)
            ? fail(error)
            : ended(
                error?.statusCode === 410 || error?.code === 410,
                Boolean(error),
              ),
      )
      .then(started => {
        controller = started;
        if (settled) started.abort();
      })
      .catch(() => ended(false, true));
  });
}

async function getOrGone<T>(options: WatchObjectOptions<T>): Promise<T> {
  try {
    return await options.get();
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404)
      throw new NotFoundError(`${options.name} no longer exists`);
    throw e;
  }
}

/** The object read again; on an error other than its absence, what was known. */
async function rereadUnlessTransient<T>(
  options: WatchObjectOptions<T>,
  known: T,
): Promise<T> {
  try {
    return await getOrGone(options);
  } catch (e) {
    if (e instanceof NotFoundError) throw e;
    return known;
  }
}

/**
 * Resolves with the object once `done` says so, following changes by watch
 * (not a fixed poll). The watch resumes from the last resourceVersion when the
 * server ends it, re-reads the object after a 410, and fails if the object is
 * deleted or the signal aborts.
 */
export async function watchObject<T extends Versioned>(
  options: WatchObjectOptions<T>,
): Promise<T> {
  const { signal } = options;
  let current = await getOrGone(options);
  let resourceVersion = current.metadata?.resourceVersion;
  for (;;) {
    if (options.done(current)) return current;
    if (signal?.aborted) throw abortError(signal);
    const outcome = await watchOnce(options, resourceVersion);
    if (outcome.kind === 'done') return outcome.object;
    if (outcome.kind === 'deleted') {
      // Confirm before giving up: only an object that is really gone ends the wait.
      current = await getOrGone(options).catch(e => {
        throw e instanceof NotFoundError
          ? new NotFoundError(
              `${options.name} was deleted while being waited for`,
            )
          : e;
      });
      resourceVersion = current.metadata?.resourceVersion;
    } else if (outcome.expired || !outcome.resourceVersion) {
      try {
        current = await getOrGone(options);
        resourceVersion = current.metadata?.resourceVersion;
      } catch (e) {
        if (e instanceof NotFoundError) throw e;
        // A transient API error: back off briefly (an abort ends the wait at
        // the top of the loop), then watch again from where we were.
        await sleep(RETRY_MS, signal).catch(() => undefined);
      }
    } else {
      resourceVersion = outcome.resourceVersion;
      // A broken or refused stream (API server unreachable, no watch permission)
      // is retried after a pause, not in a tight loop, and the object is read
      // again meanwhile: a change is noticed even while no watch holds.
      if (outcome.failed) {
        await sleep(RETRY_MS, signal).catch(() => undefined);
        current = await rereadUnlessTransient(options, current);
        resourceVersion = current.metadata?.resourceVersion ?? resourceVersion;
      }
    }
  }
}
