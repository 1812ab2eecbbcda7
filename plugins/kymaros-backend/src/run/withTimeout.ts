/** A step that ran out of its time budget. */
export class TimeoutError extends Error {
  name = 'TimeoutError';
}

/**
 * Runs `fn` with a signal that aborts when the parent aborts or after
 * `timeoutMs`, and rejects at that moment even if `fn` ignores its signal:
 * no step can hold a run past its limit. Work that answers its abort with
 * what it got so far (the health checks) is given `graceMs` to hand it in.
 */
export async function withTimeout<T>(
  parent: AbortSignal,
  timeoutMs: number,
  message: string,
  fn: (signal: AbortSignal) => Promise<T>,
  graceMs = 0,
): Promise<T> {
  parent.throwIfAborted();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let grace: NodeJS.Timeout | undefined;
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => controller.abort(new TimeoutError(message)),
      timeoutMs,
    );
    controller.signal.addEventListener(
      'abort',
      () => {
        const reason =
          controller.signal.reason instanceof Error
            ? controller.signal.reason
            : new Error(String(controller.signal.reason));
        if (graceMs > 0) grace = setTimeout(() => reject(reason), graceMs);
        else reject(reason);
      },
      { once: true },
    );
  });
  try {
    return await Promise.race([fn(controller.signal), limit]);
  } finally {
    clearTimeout(timer);
    clearTimeout(grace);
    parent.removeEventListener('abort', onParentAbort);
  }
}
