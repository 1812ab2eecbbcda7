import { CoreApi, KubeConfig } from '@kubernetes/client-node';
import type { PromiseConfigurationOptions } from '@kubernetes/client-node';
import { ForwardedError, NotAllowedError } from '@backstage/errors';
import { apiErrorCode, describeError } from '../util/errors';

/**
 * One cheap request (the core API's discovery, open to every authenticated
 * identity) before a run uses a cluster, so credentials the API server
 * refuses are reported as such, naming the cluster and the provider that
 * produced them, instead of as a failure of whichever step came first.
 */
export async function verifyAccess(
  kubeConfig: KubeConfig,
  cluster: { name: string; authProvider: string },
  signal?: AbortSignal,
): Promise<void> {
  try {
    await kubeConfig
      .makeApiClient(CoreApi)
      .getAPIVersions(signal && withSignal(signal));
  } catch (e) {
    const code = apiErrorCode(e);
    const at = `Cluster "${cluster.name}"`;
    const by = `auth provider "${cluster.authProvider}"`;
    if (code === 401)
      throw new NotAllowedError(
        `${at} refused the credentials from ${by} (${describeError(
          e,
        )}): they are invalid or expired, or the identity is not mapped to the cluster`,
      );
    if (code === 403)
      throw new NotAllowedError(
        `${at} forbids the identity from ${by} even API discovery (${describeError(
          e,
        )}): grant it access to the cluster`,
      );
    throw new ForwardedError(
      `${at} at ${kubeConfig.getCurrentCluster()?.server} cannot be reached`,
      e,
    );
  }
}

/** Request options that cancel the request when `signal` aborts. */
function withSignal(signal: AbortSignal): PromiseConfigurationOptions {
  return {
    middleware: [
      {
        pre: async context => {
          context.setSignal(signal);
          return context;
        },
        post: async response => response,
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}
