/** A step that ran out of its time budget. */
export class TimeoutError extends Error {
  name = 'TimeoutError';
}

/**
 * Runs `fn` with a signal that aborts when the parent aborts or after
 * `timeoutMs`, and rejects at that moment even if `fn` ignores its signal:
 * no step can hold a run past its limit.
 */
export async function withTimeout<T>(
  parent: AbortSignal,
  timeoutMs: number,
  message: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  parent.throwIfAborted();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onParentAbort = () => controller.abort(parent.reason);
  parent.addEventListener('abort', onParentAbort, { once: true });
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const err = new TimeoutError(message);
      controller.abort(err);
      reject(err);
    }, timeoutMs);
    controller.signal.addEventListener(
      'abort',
      () =>
        reject(
          controller.signal.reason instanceof Error
            ? controller.signal.reason
            : new Error(String(controller.signal.reason)),
        ),
      { once: true },
    );
  });
  try {
    return await Promise.race([fn(controller.signal), limit]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}
