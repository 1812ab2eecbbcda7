import type { LoggerService } from '@backstage/backend-plugin-api';
import { Config, ConfigReader } from '@backstage/config';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderRegistry } from './ProviderRegistry';

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

  create(name: string, cluster: string): BackupProvider {
    return this.o.providers.create(name, {
      kubeConfig: this.o.clusters.kubeConfig(cluster),
      cluster,
      logger: this.o.logger,
      config: this.config(name, cluster),
    });
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
