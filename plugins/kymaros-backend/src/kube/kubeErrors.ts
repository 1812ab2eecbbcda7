import * as k8s from '@kubernetes/client-node';
import { isError } from '@backstage/errors';

/** A request the write guard refused: sending it again would only be refused again. */
export function isRefusal(error: unknown): error is Error {
  return isError(error) && error.name === 'NotAllowedError';
}

/** What `read` returns, or undefined when the API server says the object does not exist. */
export async function readIfPresent<T>(
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof k8s.ApiException && e.code === 404) return undefined;
    throw e;
  }
}
