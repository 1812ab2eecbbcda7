import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderFactory } from '../providers/ProviderFactory';
import type { KymarosStore } from '../store/KymarosStore';
import { BackupCoverageService } from './BackupCoverageService';
import { OnDemandBackups } from './OnDemandBackups';

/**
 * The coverage reader and on-demand backups, on the engine's clusters and
 * providers (built behind a write guard that allows only the provider's own objects).
 */
export function createBackupCoverage(options: {
  store: KymarosStore;
  clusters: ClusterRegistry;
  providerFactory: ProviderFactory;
  logger: LoggerService;
}) {
  const { store, clusters, providerFactory, logger } = options;
  return {
    coverage: new BackupCoverageService({
      clusters,
      providerFactory,
      logger,
    }),
    backups: new OnDemandBackups({
      store,
      clusters,
      providerFactory,
    }),
  };
}
