import * as k8s from '@kubernetes/client-node';
import { NotFoundError, isError } from '@backstage/errors';

type Versioned = { metadata?: { resourceVersion?: string } };

export interface WaitForObjectOptions<T> {
  kubeConfig: k8s.KubeConfig;
  /** Collection path to watch, e.g. `/apis/velero.io/v1/namespaces/velero/restores`. */
  path: string;
  name: string;
  get(): Promise<T>;
  done(object: T): boolean;
  signal?: AbortSignal;
}

/** A request the write guard refused: watching again would only be refused again. */
function isRefusal(error: unknown): boolean {
  return isError(error) && error.name === 'NotAllowedError';
}

type WatchOutcome<T> =
  | { kind: 'done'; object: T }
  /** The stream ended (timeout, server restart, 410); `resourceVersion` is where to resume. */
  | { kind: 'ended'; expired: boolean; resourceVersion?: string }
  | { kind: 'deleted' };

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}

/** One watch stream on a single object, from `resourceVersion`, until something decisive happens. */
function watchOnce<T>(
  opts: WaitForObjectOptions<T>,
  resourceVersion: string | undefined,
): Promise<WatchOutcome<T>> {
  const { signal } = opts;
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    let lastRv = resourceVersion;
    function onAbort() {
      if (settled) return;
      settled = true;
      controller?.abort();
      reject(abortError(signal!));
    }
    function finish(outcome: WatchOutcome<T>) {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      controller?.abort();
      resolve(outcome);
    }
    function fail(error: unknown) {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    }
    signal?.addEventListener('abort', onAbort);
    new k8s.Watch(opts.kubeConfig)
      .watch(
        opts.path,
        {
          fieldSelector: `metadata.name=${opts.name}`,
          resourceVersion,
          allowWatchBookmarks: true,
        },
        (type: string, object: any) => {
          if (type === 'ERROR')
            finish({ kind: 'ended', expired: object?.code === 410 });
          else if (type === 'DELETED') finish({ kind: 'deleted' });
          else {
            lastRv = object?.metadata?.resourceVersion ?? lastRv;
            if (type !== 'BOOKMARK' && opts.done(object))
              finish({ kind: 'done', object });
          }
        },
        (err: any) =>
          isRefusal(err)
            ? fail(err)
            : finish({
                kind: 'ended',
                expired: err?.statusCode === 410 || err?.code === 410,
                resourceVersion: lastRv,
              }),
      )
      .then(c => {
        controller = c;
        if (settled) c.abort();
      })
      .catch(() =>
        finish({ kind: 'ended', expired: false, resourceVersion: lastRv }),
      );
  });
}

async function getOrGone<T>(opts: WaitForObjectOptions<T>): Promise<T> {
  try {
    return await opts.get();
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404)
      throw new NotFoundError(`${opts.name} no longer exists`);
    throw e;
  }
}

/**
 * Resolves with the object once `done` says so, following changes by watch
 * (not a fixed poll). The watch resumes from the last resourceVersion when the
 * server ends it, re-reads the object after a 410, and fails if the object is
 * deleted or the signal aborts.
 */
export async function waitForObject<T extends Versioned>(
  opts: WaitForObjectOptions<T>,
): Promise<T> {
  let current = await getOrGone(opts);
  let resourceVersion = current.metadata?.resourceVersion;
  for (;;) {
    if (opts.done(current)) return current;
    if (opts.signal?.aborted) throw abortError(opts.signal);
    const outcome = await watchOnce(opts, resourceVersion);
    if (outcome.kind === 'done') return outcome.object;
    if (outcome.kind === 'deleted') {
      // Confirm before giving up: only an object that is really gone ends the wait.
      current = await getOrGone(opts).catch(e => {
        throw e instanceof NotFoundError
          ? new NotFoundError(`${opts.name} was deleted while being waited for`)
          : e;
      });
      resourceVersion = current.metadata?.resourceVersion;
      continue;
    }
    if (outcome.expired || !outcome.resourceVersion) {
      try {
        current = await getOrGone(opts);
        resourceVersion = current.metadata?.resourceVersion;
      } catch (e) {
        if (e instanceof NotFoundError) throw e;
        // A transient API error: back off briefly, then watch again from where we were.
        await new Promise(r => setTimeout(r, 1000));
      }
    } else {
      resourceVersion = outcome.resourceVersion;
    }
  }
}
