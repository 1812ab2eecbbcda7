import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderRegistry } from './ProviderRegistry';
import { OwnedObjects, WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';

/** Builds a provider for a cluster, with its `kymaros.providers.<name>` configuration. */
export class ProviderFactory {
  constructor(
    private readonly o: {
      providers: ProviderRegistry;
      clusters: ClusterRegistry;
      logger: LoggerService;
      /** `kymaros.providers` configuration, one sub-key per provider. */
      providerConfig?: Config;
    },
  ) {}

  /**
   * The provider talks to the cluster through a write guard too: it may
   * write only the objects it declares as its own (`ownedObjects`), which are
   * known once it exists, so the guard's list is filled right after.
   */
  create(name: string, cluster: string): BackupProvider {
    const owned: OwnedObjects[] = [];
    const guard = new WriteGuard(owned);
    const provider = this.o.providers.create(name, {
      kubeConfig: guardedKubeConfig(this.o.clusters.kubeConfig(cluster), guard),
      cluster,
      logger: this.o.logger,
      config: this.config(name, cluster),
    });
    owned.push(...provider.ownedObjects);
    return provider;
  }

  private config(name: string, cluster: string): Config | undefined {
    const config = this.o.providerConfig?.getOptionalConfig(name);
    if (config) return config;
    if (name !== 'velero') return undefined;
    // The Velero namespace comes from the cluster entry when not configured per provider.
    return new ConfigReader({
      namespace: this.o.clusters.get(cluster).veleroNamespace,
    });
  }
}
