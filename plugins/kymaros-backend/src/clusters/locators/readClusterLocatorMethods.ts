import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';
import { CatalogClusterSupplier } from './CatalogClusterSupplier';
import { ConfigClusterSupplier } from './ConfigClusterSupplier';
import { GkeClusterLister, GkeClusterSupplier } from './GkeClusterSupplier';
import { LocalKubectlProxySupplier } from './LocalKubectlProxySupplier';

/** A cluster supplier and where it was configured, for messages. */
export interface ClusterSource {
  origin: string;
  supplier: KubernetesClustersSupplier;
  /** The locator's `type`; absent for modules' suppliers. */
  type?: string;
}

export interface LocatorDependencies {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
  /** Stands in for the GKE API (tests). */
  gkeClient?: () => Promise<GkeClusterLister>;
}

const KEY = 'kubernetes.clusterLocatorMethods';
const locatorTypes = ['config', 'catalog', 'localKubectlProxy', 'gke'];

/** One supplier per `kubernetes.clusterLocatorMethods` entry, as the Kubernetes plugin reads them. */
export function readClusterLocatorMethods(
  root: Config,
  deps: LocatorDependencies,
): ClusterSource[] {
  return (root.getOptionalConfigArray(KEY) ?? []).map((locator, index) => {
    const at = `${KEY}[${index}]`;
    const type = locator.getString('type');
    return {
      origin: `${at} (${type})`,
      supplier: supplierOf(locator, at, deps),
      type,
    };
  });
}

function supplierOf(
  locator: Config,
  at: string,
  deps: LocatorDependencies,
): KubernetesClustersSupplier {
  const type = locator.getString('type');
  switch (type) {
    case 'config':
      return ConfigClusterSupplier.fromConfig(locator, at);
    case 'catalog':
      return CatalogClusterSupplier.fromConfig(locator, deps);
    case 'localKubectlProxy':
      return new LocalKubectlProxySupplier();
    case 'gke':
      return GkeClusterSupplier.fromConfig(locator, at, {
        client: deps.gkeClient,
      });
    default:
      throw new InputError(
        `${at}.type: unsupported cluster locator "${type}" (supported: ${locatorTypes.join(
          ', ',
        )})`,
      );
  }
}
