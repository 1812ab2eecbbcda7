import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';

/**
 * Where a backend module adds clusters and ways to authenticate to them,
 * with the Kubernetes plugin's own interfaces, so a supplier or strategy
 * written for `@backstage/plugin-kubernetes-backend` works here unchanged.
 *
 * @public
 */
export interface KymarosClustersExtensionPoint {
  /**
   * Adds clusters restores may run in. The supplier is asked at every
   * refresh of the cluster list (the catalog follow and the reaper's passes)
   * with the plugin's own service credentials; a cluster of
   * `kymaros.clusters` with the same name wins over it.
   */
  addClusterSupplier(supplier: KubernetesClustersSupplier): void;
  /**
   * Adds, or replaces, the strategy used for clusters whose
   * `kubernetes.io/auth-provider` is `authProvider`. Restore runs have no
   * signed-in user: the strategy is called with request auth that holds only
   * the tokens configured under `kymaros.clusterAuth.oidcTokens`, and only
   * for auth provider `oidc` (empty for every other provider).
   */
  addAuthStrategy(authProvider: string, strategy: AuthenticationStrategy): void;
}

/** @public */
export const kymarosClustersExtensionPoint =
  createExtensionPoint<KymarosClustersExtensionPoint>({
    id: 'kymaros.clusters',
  });
