import { ForwardedError, ServiceUnavailableError } from '@backstage/errors';

/**
 * `work` given at most `ms`, and stopped as soon as `signal` aborts: an API
 * server or identity provider that accepts a connection and never answers
 * must not hold a run, a reaper pass or a listing forever. `work` gets the
 * combined signal so it can cancel its requests too.
 */
export async function withinLimit<T>(
  what: string,
  ms: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const limit = AbortSignal.timeout(ms);
  const combined = signal ? AbortSignal.any([signal, limit]) : limit;
  let onAbort = () => {};
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () =>
      reject(
        signal?.aborted
          ? new ForwardedError(`${what} was stopped`, signal.reason)
          : new ServiceUnavailableError(
              `${what} did not finish within ${formatMs(ms)}`,
            ),
      );
    if (combined.aborted) onAbort();
    else combined.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(combined), stopped]);
  } finally {
    combined.removeEventListener('abort', onAbort);
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
