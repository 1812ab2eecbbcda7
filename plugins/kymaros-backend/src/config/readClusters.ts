import { Config, ConfigReader, JsonObject } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { retiredClusterKeys } from '../providers/builtInProviders';

/** Names the source of merged settings in configuration errors. */
const CONFIG_CONTEXT = 'app-config';

export interface ClusterConfig {
  name: string;
  url?: string;
  serviceAccountToken?: string;
  caData?: string;
  skipTLSVerify?: boolean;
  kubeconfigPath?: string;
  /**
   * Each provider's settings for this cluster, one key per provider: the
   * entry's `providers` block merged over `kymaros.providers`. Absent when
   * the entry has no block of its own (then `kymaros.providers` applies).
   */
  providers?: Config;
}

/** `kymaros.clusters`, or else the Kubernetes plugin's `config` cluster locators. */
export function readClusters(root: Config): ClusterConfig[] {
  const own = root.getOptionalConfigArray('kymaros.clusters');
  if (own) return own.map((entry, index) => readCluster(root, entry, index));
  const locators =
    root.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  return locators
    .filter(locator => locator.getOptionalString('type') === 'config')
    .flatMap(locator => locator.getOptionalConfigArray('clusters') ?? [])
    .map(entry => ({
      name: entry.getString('name'),
      url: entry.getString('url'),
      serviceAccountToken: entry.getOptionalString('serviceAccountToken'),
      caData: entry.getOptionalString('caData'),
      skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
    }));
}

function readCluster(
  root: Config,
  entry: Config,
  index: number,
): ClusterConfig {
  refuseRetiredKeys(entry, index);
  return {
    name: entry.getString('name'),
    url: entry.getOptionalString('url'),
    serviceAccountToken: entry.getOptionalString('serviceAccountToken'),
    caData: entry.getOptionalString('caData'),
    skipTLSVerify: entry.getOptionalBoolean('skipTLSVerify'),
    kubeconfigPath: entry.getOptionalString('kubeconfigPath'),
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
