import { Config, ConfigReader, JsonObject } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import { retiredClusterKeys } from '../providers/builtInProviders';
import { clusterDetailsFromConfig } from '../clusters/locators/clusterDetailsFromConfig';

/** Names the source of merged settings in configuration errors. */
const CONFIG_CONTEXT = 'app-config';

export interface ClusterConfig {
  name: string;
  /** A kubeconfig file to connect with (read again at every connection). */
  kubeconfigPath?: string;
  /**
   * The cluster as the Kubernetes plugin describes it, when the entry has a
   * `url`: connected through its auth provider (`serviceAccount` unless it
   * says otherwise). With neither this nor `kubeconfigPath`, the entry is
   * the backend's own cluster under its name.
   */
  details?: ClusterDetails;
  /**
   * Each provider's settings for this cluster, one key per provider: the
   * entry's `providers` block merged over `kymaros.providers`. Absent when
   * the entry has no block of its own (then `kymaros.providers` applies).
   */
  providers?: Config;
}

/**
 * `kymaros.clusters`: the clusters Kymaros defines for itself. The Kubernetes
 * plugin's `kubernetes.clusterLocatorMethods` are read by the cluster
 * registry; an entry here wins over a located cluster of the same name.
 */
export function readClusters(root: Config): ClusterConfig[] {
  const own = root.getOptionalConfigArray('kymaros.clusters') ?? [];
  const seen = new Set<string>();
  return own.map((entry, index) => {
    const cluster = readCluster(root, entry, index);
    if (seen.has(cluster.name))
      throw new InputError(
        `kymaros.clusters[${index}]: duplicate cluster name "${cluster.name}"`,
      );
    seen.add(cluster.name);
    return cluster;
  });
}

function readCluster(
  root: Config,
  entry: Config,
  index: number,
): ClusterConfig {
  const at = `kymaros.clusters[${index}]`;
  refuseRetiredKeys(entry, index);
  const kubeconfigPath = entry.getOptionalString('kubeconfigPath');
  if (kubeconfigPath && entry.has('url'))
    throw new InputError(`${at}: set either url or kubeconfigPath, not both`);
  return {
    name: entry.getString('name'),
    kubeconfigPath,
    details: entry.has('url')
      ? clusterDetailsFromConfig(entry, at, 'serviceAccount')
      : undefined,
    providers: providerSettings(root, entry, index),
  };
}

/** A key that is no longer read must not be ignored: the operator believes it applies. */
function refuseRetiredKeys(entry: Config, index: number): void {
  for (const [retired, replacement] of Object.entries(retiredClusterKeys)) {
    if (entry.has(retired))
      throw new InputError(
        `kymaros.clusters[${index}].${retired} is no longer supported: set kymaros.clusters[${index}].${replacement} instead (or kymaros.${replacement} for every cluster)`,
      );
  }
}

function providerSettings(
  root: Config,
  entry: Config,
  index: number,
): Config | undefined {
  const own = entry.getOptionalConfig('providers')?.get<JsonObject>();
  if (!own) return undefined;
  const shared = new ConfigReader(
    root.getOptionalConfig('kymaros.providers')?.get<JsonObject>() ?? {},
    CONFIG_CONTEXT,
    undefined,
    'kymaros.providers',
  );
  return new ConfigReader(
    own,
    CONFIG_CONTEXT,
    shared,
    `kymaros.clusters[${index}].providers`,
  );
}
