import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/status';
import type { ResourceType } from '../api/resources';
import { groupVersion } from '../api/resources';
import type { Requirement } from '../store/labelSelector';
import type { KubeObject, StoredEvent } from '../store/types';
import type { SimulatorContext } from '../context';
import { queryBool } from './http';

/**
 * Serves a watch stream: newline-delimited JSON events, BOOKMARKs when asked
 * for, `timeoutSeconds`, resume from a resourceVersion, and an ERROR event
 * with a 410 Status when that version is no longer in history.
 */
export function serveWatch(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  labelSelector: Requirement[],
  fieldSelector: string | undefined,
  q: URLSearchParams,
): void {
  res.writeHead(200, {
    'Content-Type': 'application/json',
    'Transfer-Encoding': 'chunked',
  });
  // Flush headers right away; clients treat the response as the start of the stream.
  res.flushHeaders();
  let closed = false;
  let lastRv = Number(ctx.store.currentRv());
  const write = (e: object) => {
    if (!closed) res.write(`${JSON.stringify(e)}\n`);
  };
  const sendObject = (event: StoredEvent) => {
    lastRv = Math.max(lastRv, event.rv);
    write({ type: event.type, object: event.object });
  };
  const bookmark = (annotations?: Record<string, string>) =>
    write({
      type: 'BOOKMARK',
      object: {
        kind: type.kind,
        apiVersion: groupVersion(type),
        metadata: {
          resourceVersion: String(lastRv),
          ...(annotations ? { annotations } : {}),
        },
      } as KubeObject,
    });

  const timers: NodeJS.Timeout[] = [];
  let unsubscribe: (() => void) | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    timers.forEach(t => clearTimeout(t));
    unsubscribe?.();
    ctx.activeWatches.delete(close);
    res.end();
  };
  ctx.activeWatches.add(close);
  req.on('close', close);

  const rv = q.get('resourceVersion') ?? undefined;
  const sendInitial = queryBool(q.get('sendInitialEvents'));
  try {
    unsubscribe = ctx.store.watch(
      { type, namespace, labelSelector, fieldSelector, send: sendObject },
      sendInitial ? undefined : rv,
    );
  } catch (e) {
    if (e instanceof ApiError) {
      write({ type: 'ERROR', object: e.toStatus() });
      close();
      return;
    }
    throw e;
  }
  const bookmarks = queryBool(q.get('allowWatchBookmarks'));
  if (sendInitial && bookmarks)
    bookmark({ 'k8s.io/initial-events-end': 'true' });
  if (bookmarks) {
    const tick = () => {
      bookmark();
      timers.push(setTimeout(tick, ctx.options.bookmarkIntervalMs));
    };
    timers.push(setTimeout(tick, ctx.options.bookmarkIntervalMs));
  }
  const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
  const maxMs =
    timeoutSeconds > 0 ? timeoutSeconds * 1000 : ctx.options.watchMaxMs;
  timers.push(setTimeout(close, maxMs));
  const drop = ctx.faults.watchDropAfterMs(req);
  if (drop !== undefined) timers.push(setTimeout(close, drop));
}
