import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import { VeleroProvider } from './VeleroProvider';

/** Where Velero is installed unless `providers.velero.namespace` says otherwise. */
const DEFAULT_NAMESPACE = 'velero';

/**
 * The built-in Velero adapter. Its settings (`kymaros.providers.velero`, with
 * a cluster's `providers.velero` merged over them): `namespace`, Velero's
 * namespace in that cluster.
 */
export const veleroProviderFactory: BackupProviderFactory = {
  name: 'velero',
  create: ({ kubeConfig, config, logger }) =>
    new VeleroProvider({
      kubeConfig,
      namespace: config?.getOptionalString('namespace') ?? DEFAULT_NAMESPACE,
      logger,
    }),
};

/** Cluster keys earlier versions read for Velero, with the key that replaced each. */
export const retiredVeleroClusterKeys: Record<string, string> = {
  veleroNamespace: 'providers.velero.namespace',
};
