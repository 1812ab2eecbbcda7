import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderFactory } from '../providers/ProviderFactory';
import type { KymarosStore } from '../store/KymarosStore';
import { BackupCoverageService } from './BackupCoverageService';
import { OnDemandBackups } from './OnDemandBackups';

/** The coverage reader and on-demand backups, on the engine's clusters and providers. */
export function createBackupCoverage(options: {
  store: KymarosStore;
  clusters: ClusterRegistry;
  providerFactory: ProviderFactory;
  logger: LoggerService;
}) {
  const { store, clusters, providerFactory, logger } = options;
  // Providers are built with a guard that allows only their own objects (ProviderFactory.create).
  const create = (name: string, cluster: string, kubeConfig: KubeConfig) =>
    providerFactory.create(name, cluster, kubeConfig);
  return {
    coverage: new BackupCoverageService({
      clusters,
      providerFactory: { create },
      logger,
    }),
    backups: new OnDemandBackups({
      store,
      clusters,
      providerFactory: { create },
    }),
  };
}
