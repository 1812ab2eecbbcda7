import * as k8s from '@kubernetes/client-node';

/**
 * What `read` returns, or undefined when the API server says the object
 * does not exist (404); any other error is thrown as it came.
 *
 * @public
 */
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
