import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await delay(ms, undefined, { signal });
  } catch (e) {
    // timers/promises rejects with its own AbortError; callers expect the reason they aborted with.
    if (signal?.aborted) throw signal.reason;
    throw e;
  }
}

export interface PollOptions {
  signal?: AbortSignal;
  /** Epoch milliseconds after which polling stops; without one, only the signal ends it. */
  deadline?: number;
  initialIntervalMs?: number;
  maxIntervalMs?: number;
  /** How much the interval grows after each probe. */
  backoff?: number;
}

/**
 * Calls `probe` until it returns a value or the deadline passes (then
 * `undefined`); the interval grows so a long wait does not hammer the API
 * server, and the last probe runs at the deadline so a late success counts.
 * Rejects with the signal's reason when it aborts.
 */
export async function pollUntil<T>(
  probe: () => Promise<T | undefined>,
  options: PollOptions,
): Promise<T | undefined> {
  const { signal, deadline = Infinity, backoff = 1.5 } = options;
  let interval = options.initialIntervalMs ?? 200;
  const maxInterval = options.maxIntervalMs ?? 1000;
  for (;;) {
    signal?.throwIfAborted();
    const value = await probe();
    if (value !== undefined) return value;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(interval, left), signal);
    interval = Math.min(maxInterval, Math.round(interval * backoff));
  }
}
