import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { clusterDetailsFromConfig } from './clusterDetailsFromConfig';

/** The clusters a `type: config` locator lists, read once at start-up. */
export class ConfigClusterSupplier implements KubernetesClustersSupplier {
  private constructor(private readonly clusters: ClusterDetails[]) {}

  /** `at` is the locator's key, e.g. `kubernetes.clusterLocatorMethods[0]`. */
  static fromConfig(locator: Config, at: string): ConfigClusterSupplier {
    const seen = new Set<string>();
    const clusters = locator.getConfigArray('clusters').map((entry, index) => {
      const details = clusterDetailsFromConfig(
        entry,
        `${at}.clusters[${index}]`,
      );
      if (seen.has(details.name))
        throw new InputError(
          `${at}.clusters[${index}]: duplicate cluster name "${details.name}"`,
        );
      seen.add(details.name);
      return details;
    });
    return new ConfigClusterSupplier(clusters);
  }

  async getClusters(): Promise<ClusterDetails[]> {
    return this.clusters;
  }
}
