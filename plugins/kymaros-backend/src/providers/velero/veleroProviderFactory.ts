import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import { VeleroProvider } from './VeleroProvider';
import { BackupWatches } from './BackupWatch';

/** The provider's name in definitions and settings (`kymaros.providers.velero`). */
export const VELERO_PROVIDER_NAME = 'velero';

/** Where Velero is installed unless `providers.velero.namespace` says otherwise. */
const DEFAULT_NAMESPACE = 'velero';

/**
 * The built-in Velero adapter. Its settings (`kymaros.providers.velero`, with
 * a cluster's `providers.velero` merged over them): `namespace`, Velero's
 * namespace in that cluster. The providers it creates (one per run) share
 * each cluster's list of Backups.
 */
export function createVeleroProviderFactory(): BackupProviderFactory {
  const watches = new BackupWatches();
  return {
    name: VELERO_PROVIDER_NAME,
    create: ({ kubeConfig, cluster, config, logger }) => {
      const namespace =
        config?.getOptionalString('namespace') ?? DEFAULT_NAMESPACE;
      return new VeleroProvider({
        kubeConfig,
        namespace,
        logger,
        backups: watches.for(cluster, kubeConfig, namespace),
      });
    },
  };
}

/** Cluster keys earlier versions read for Velero, with the key that replaced each. */
export const retiredVeleroClusterKeys: Record<string, string> = {
  veleroNamespace: 'providers.velero.namespace',
};
