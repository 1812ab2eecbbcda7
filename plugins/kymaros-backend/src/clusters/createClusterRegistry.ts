import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import type { ClusterConfig } from '../config/readKymarosConfig';
import { readCatalogClusters } from '../config/readCatalogClusters';
import { ClusterRegistry } from './ClusterRegistry';
import { ClusterCredentials } from './auth/ClusterCredentials';
import { builtInAuthStrategies } from './auth/builtInAuthStrategies';
import { readClusterAuthSettings } from './auth/readClusterAuthSettings';
import type { GkeClusterLister } from './locators/GkeClusterSupplier';
import {
  ClusterSource,
  readClusterLocatorMethods,
} from './locators/readClusterLocatorMethods';
import { ConfigClusterSupplier } from './locators/ConfigClusterSupplier';

/** What backend modules added through `kymarosClustersExtensionPoint`. */
export interface ClusterExtensions {
  suppliers: readonly KubernetesClustersSupplier[];
  authStrategies: ReadonlyMap<string, AuthenticationStrategy>;
}

export interface ClusterRegistryDependencies {
  config: Config;
  /** `kymaros.clusters`, as read with the rest of `kymaros.*`. */
  clusters: readonly ClusterConfig[];
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  extensions?: ClusterExtensions;
  /** Stands in for the GKE API (tests). */
  gkeClient?: () => Promise<GkeClusterLister>;
  /** Limit on listing one source and on connecting to a cluster (tests shorten it). */
  waitMs?: number;
}

/**
 * The registry of the clusters restores run in, from `kymaros.clusters`,
 * `kubernetes.clusterLocatorMethods` and modules' suppliers, with the
 * Kubernetes plugin's auth strategies (modules' replace them by name).
 * Configured clusters are checked by their strategy now, as the Kubernetes
 * plugin does at start-up; the first listing happens here too.
 */
export async function createClusterRegistry(
  deps: ClusterRegistryDependencies,
): Promise<ClusterRegistry> {
  const extensions = deps.extensions ?? {
    suppliers: [],
    authStrategies: new Map(),
  };
  const strategies = builtInAuthStrategies(deps);
  extensions.authStrategies.forEach((strategy, name) =>
    strategies.set(name, strategy),
  );
  const credentials = new ClusterCredentials(
    strategies,
    readClusterAuthSettings(deps.config),
    new Set(extensions.authStrategies.keys()),
  );
  const sources: ClusterSource[] = [
    ...readClusterLocatorMethods(deps.config, deps),
    ...extensions.suppliers.map((supplier, index) => ({
      origin: `backend module cluster supplier #${index + 1}`,
      supplier,
    })),
  ];
  await validateConfigured(deps.clusters, sources, credentials);
  const registry = new ClusterRegistry(deps.clusters, {
    sources: {
      list: sources,
      credentials: () => deps.auth.getOwnServiceCredentials(),
    },
    credentials,
    logger: deps.logger,
    catalogClusters: readCatalogClusters(deps.config),
    waitMs: deps.waitMs,
  });
  await registry.refresh();
  return registry;
}

/** The clusters written in configuration, checked by their strategies before anything runs. */
async function validateConfigured(
  own: readonly ClusterConfig[],
  sources: readonly ClusterSource[],
  credentials: ClusterCredentials,
): Promise<void> {
  own.forEach((cluster, index) => {
    if (cluster.details)
      credentials.validate(cluster.details, `kymaros.clusters[${index}]`);
  });
  for (const { origin, supplier } of sources) {
    if (!(supplier instanceof ConfigClusterSupplier)) continue;
    for (const details of await supplier.getClusters())
      credentials.validate(details, origin);
  }
}
