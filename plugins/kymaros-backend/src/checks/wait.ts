/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let onAbort = () => {};
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * How long a waiting check may wait before it must answer. It stops a little
 * before the runner's hard timeout so that it can still say *why* it gave up
 * (which pod, which state) instead of a bare "timed out".
 */
export function waitBudgetMs(timeoutMs: number): number {
  const margin = Math.min(1000, Math.max(100, timeoutMs * 0.1));
  return Math.max(0, timeoutMs - margin);
}

export interface PollOptions {
  signal: AbortSignal;
  /** Epoch milliseconds after which polling stops. */
  deadline: number;
  initialIntervalMs?: number;
  maxIntervalMs?: number;
}

/**
 * Calls `probe` until it returns a value or the deadline passes (then
 * `undefined`); the interval grows so a long wait does not hammer the API
 * server, and the last probe runs at the deadline so a late success counts.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T | undefined> {
  let interval = options.initialIntervalMs ?? 200;
  const maxInterval = options.maxIntervalMs ?? 1000;
  for (;;) {
    options.signal.throwIfAborted();
    const value = await probe();
    if (value !== undefined) return value;
    const left = options.deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(interval, left), options.signal);
    interval = Math.min(maxInterval, Math.round(interval * 1.5));
  }
}
