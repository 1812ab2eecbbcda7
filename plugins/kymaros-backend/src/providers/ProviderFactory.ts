import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { KubeConfig } from '@kubernetes/client-node';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import type { ProviderRegistry } from './ProviderRegistry';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { describeError } from '../util/errors';

export interface ProviderFactoryOptions {
  providers: ProviderRegistry;
  clusters: ClusterRegistry;
  logger: LoggerService;
  /** `kymaros.providers`: each provider's settings, shared by every cluster. */
  providerConfig?: Config;
}

/**
 * Builds a provider for a cluster with its settings: the cluster's own
 * `providers.<name>` block merged over `kymaros.providers.<name>` (the
 * cluster's view is merged when the configuration is read).
 */
export class ProviderFactory {
  private readonly providers: ProviderRegistry;
  private readonly clusters: ClusterRegistry;
  private readonly logger: LoggerService;
  private readonly providerConfig?: Config;
  /** Owned namespaces per provider and cluster: they follow from configuration, so they never change. */
  private readonly knownNamespaces = new Map<string, string[]>();
  private readonly warned = new Set<string>();

  constructor(options: ProviderFactoryOptions) {
    this.providers = options.providers;
    this.clusters = options.clusters;
    this.logger = options.logger;
    this.providerConfig = options.providerConfig;
  }

  /**
   * The provider talks to the cluster through a write guard too: it may
   * write only the objects it declares as its own (`ownedObjects`), which are
   * known once it exists, so they are added to the guard right after, and
   * the sandboxes the guard allows (a run's guard, shared with the run, so
   * a provider whose restore objects live in sandboxes can write there).
   * `kubeConfig` is the cluster's, with the credentials of this run.
   */
  create(
    name: string,
    cluster: string,
    kubeConfig: KubeConfig,
    guard: WriteGuard = new WriteGuard(),
  ): BackupProvider {
    const provider = this.providers.create(name, {
      kubeConfig: guardedKubeConfig(kubeConfig, guard),
      cluster,
      logger: this.logger,
      config: this.settings(name, cluster),
    });
    guard.allowOwned(provider.ownedObjects);
    return provider;
  }

  /**
   * Every namespace where a supported provider keeps its own objects, in any
   * known cluster: no test may restore from or into them. Providers are built
   * on the cluster's address alone (their namespaces follow from settings,
   * so no credentials are asked for). A cluster whose kubeconfig cannot be
   * read now is left out with a warning (a run there fails before
   * restoring, and protects its provider's namespaces itself).
   */
  ownedNamespaces(): string[] {
    const namespaces = new Set<string>();
    for (const cluster of this.clusters.names()) {
      for (const name of this.providers.supportedNames()) {
        this.ownedNamespacesOf(name, cluster).forEach(n => namespaces.add(n));
      }
    }
    return [...namespaces];
  }

  private ownedNamespacesOf(name: string, cluster: string): string[] {
    const key = `${name}\u0000${cluster}`;
    const known = this.knownNamespaces.get(key);
    if (known) return known;
    try {
      const namespaces = this.create(
        name,
        cluster,
        this.clusters.addressOnly(cluster),
      ).ownedObjects.map(owned => owned.namespace);
      this.knownNamespaces.set(key, namespaces);
      return namespaces;
    } catch (e) {
      if (!this.warned.has(key)) {
        this.warned.add(key);
        this.logger.warn(
          `Cannot tell which namespaces provider ${name} uses in cluster ${cluster}: ${describeError(
            e,
          )}`,
        );
      }
      return [];
    }
  }

  private settings(name: string, cluster: string): Config | undefined {
    const own = this.clusters.get(cluster).providers;
    return (own ?? this.providerConfig)?.getOptionalConfig(name);
  }
}
