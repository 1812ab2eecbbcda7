import { ForwardedError, ServiceUnavailableError } from '@backstage/errors';
import { TimeoutError, withTimeout } from '../run/withTimeout';

/**
 * `work` given at most `ms`, and stopped as soon as `signal` aborts: an API
 * server or identity provider that accepts a connection and never answers
 * must not hold a run, a reaper pass or a listing forever. The run's own
 * time limit does the waiting; this names what was cut short.
 */
export async function withinLimit<T>(
  what: string,
  ms: number,
  signal: AbortSignal | undefined,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withTimeout(
      signal ?? new AbortController().signal,
      ms,
      `${what} did not finish within ${formatMs(ms)}`,
      work,
    );
  } catch (e) {
    if (signal?.aborted)
      throw new ForwardedError(`${what} was stopped`, signal.reason);
    if (e instanceof TimeoutError) throw new ServiceUnavailableError(e.message);
    throw e;
  }
}

function formatMs(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
