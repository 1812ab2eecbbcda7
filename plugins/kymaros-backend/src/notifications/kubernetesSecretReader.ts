import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import { readIfPresent } from '../kube/kubeErrors';
import { apiErrorCode } from '../util/errors';
import type { SecretReader } from './resolveWebhook';

/**
 * Reads Secrets with the engine's own credentials for the cluster. A
 * refusal says which permission is missing; nothing read is logged.
 */
export function kubernetesSecretReader(
  clusters: Pick<ClusterRegistry, 'kubeConfig'>,
): SecretReader {
  return {
    async read(cluster, namespace, name) {
      const kc = await clusters.kubeConfig(cluster);
      const core = kc.makeApiClient(k8s.CoreV1Api);
      let secret: k8s.V1Secret | undefined;
      try {
        secret = await readIfPresent(() =>
          core.readNamespacedSecret({ name, namespace }),
        );
      } catch (e) {
        if (apiErrorCode(e) === 403)
          throw new NotAllowedError(
            `not allowed to read Secret "${name}" in namespace "${namespace}" of cluster "${cluster}": the engine's role needs get on it (see examples/rbac)`,
          );
        throw e;
      }
      if (!secret) return undefined;
      return Object.fromEntries(
        Object.entries(secret.data ?? {}).map(([key, value]) => [
          key,
          Buffer.from(value, 'base64').toString('utf8'),
        ]),
      );
    },
  };
}
