import type { KubeConfig } from '@kubernetes/client-node';
import { kubeGet, statusMessage } from '../kube/kubeRequest';
import { excerpt } from '../util/text';

/**
 * Asks for metadata only (with JSON as the fallback), so a check that only
 * asks whether a Secret exists never reads its values.
 */
const METADATA_ONLY =
  'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1, application/json';

/**
 * Whether the object at `path` exists: true, undefined when it does not, and
 * an error naming the API server's answer for anything else.
 */
export async function objectExists(
  kubeConfig: KubeConfig,
  path: string,
  signal: AbortSignal,
): Promise<true | undefined> {
  const res = await kubeGet(kubeConfig, path, {
    signal,
    maxBytes: 64 * 1024,
    headers: { Accept: METADATA_ONLY },
  });
  if (res.status === 200) return true;
  if (res.status === 404) return undefined;
  throw new Error(
    `HTTP ${res.status}${
      res.body ? `: ${excerpt(statusMessage(res.body) ?? res.body)}` : ''
    }`,
  );
}
