import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { ClusterConfig } from '../config/readKymarosConfig';
import type { AllowedCatalogCluster } from '../config/readCatalogClusters';
import { describeError } from '../util/errors';
import {
  ClusterChoices,
  defaultClusterName,
  IN_CLUSTER,
} from './defaultCluster';
import { fileProblem } from './fileProblem';
import type { KnownCluster } from './KnownCluster';
import type { ClusterSource } from './locators/readClusterLocatorMethods';
import type { ClusterCredentials } from './auth/ClusterCredentials';
import {
  kubeConfigFor,
  podServiceAccountKubeConfig,
  usesPodServiceAccount,
} from './auth/kubeConfigFor';
import { RefreshingBearerToken } from './auth/RefreshingBearerToken';
import { verifyAccess } from './verifyAccess';
import { withinLimit } from './withinLimit';

/** How long listing one source, or connecting to a cluster, may take by default. */
export const CLUSTER_WAIT_MS = 30_000;

/** Cluster suppliers, and the identity they are asked with. */
export interface ClusterSources {
  /** In order: `kubernetes.clusterLocatorMethods`, then backend modules'. */
  list: readonly ClusterSource[];
  /** The plugin's own credentials, which suppliers query the catalog with. */
  credentials: () => Promise<BackstageCredentials>;
}

export interface ClusterRegistryOptions {
  sources?: ClusterSources;
  /** Needed as soon as a cluster connects through an auth provider. */
  credentials?: ClusterCredentials;
  logger?: LoggerService;
  /** `kymaros.catalogClusters`: the catalog clusters allowed as restore clusters. */
  catalogClusters?: readonly AllowedCatalogCluster[];
  /** Limit on listing one source and on connecting to a cluster (default CLUSTER_WAIT_MS). */
  waitMs?: number;
}

/** What one source listed last time it answered, or why it did not. */
interface SourceState {
  clusters: KnownCluster[];
  problem?: string;
}

/**
 * The clusters restores may run in: `kymaros.clusters`, then what every
 * cluster source lists, or, with neither configured, the backend's own
 * cluster. On a name, `kymaros.clusters` wins, then `type: config`
 * locators, then other sources, then catalog locators. Sources are asked
 * again at every `refresh`, each within a time limit; one that fails keeps
 * its previous list and is named in unknown-cluster errors. A catalog
 * cluster not in `kymaros.catalogClusters` is never connected to.
 * Credentials are asked for at every connection, and a connection's bearer
 * token again as it ages (see RefreshingBearerToken).
 */
export class ClusterRegistry {
  private readonly sources: readonly ClusterSource[];
  private readonly states: SourceState[];
  private readonly own: KnownCluster[];
  private refreshing?: Promise<void>;
  /** Name collisions already logged, so each is logged once. */
  private readonly collisions = new Set<string>();

  constructor(
    own: readonly ClusterConfig[],
    private readonly options: ClusterRegistryOptions = {},
  ) {
    this.own = own.map(ownCluster);
    this.sources = options.sources?.list ?? [];
    this.states = this.sources.map(() => ({ clusters: [] }));
  }

  /** Asks every source again; concurrent callers share one pass. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshSources().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** The restore clusters (catalog clusters not allowed in `kymaros.catalogClusters` left out). */
  names(): string[] {
    return this.known()
      .filter(cluster => !this.refusal(cluster))
      .map(cluster => cluster.name);
  }

  /**
   * What a test may name, and its cluster when it names none. Refused
   * catalog clusters are nameable: a run there reports why it is refused.
   */
  choices(): ClusterChoices {
    return {
      names: this.known().map(cluster => cluster.name),
      defaultName: this.defaultName(),
    };
  }

  /** The cluster a test that names none runs in; see defaultClusterName. */
  defaultName(): string | undefined {
    return defaultClusterName({
      own: this.own,
      configLocated: this.sources.flatMap((source, index) =>
        source.type === 'config' ? this.states[index].clusters : [],
      ),
      hasSources: this.sources.length > 0,
    });
  }

  /**
   * The cluster as last listed; unknown names are refused with the known
   * ones, and catalog clusters the operator did not allow with what to add.
   */
  get(name: string): KnownCluster {
    const cluster = this.known().find(candidate => candidate.name === name);
    if (!cluster) throw new NotFoundError(this.unknownMessage(name));
    const refusal = this.refusal(cluster);
    if (refusal) throw new NotAllowedError(refusal);
    return cluster;
  }

  /**
   * A kubeconfig with fresh credentials, once the API server accepted them;
   * a bearer token is renewed while it is in use. Everything (listing,
   * credentials, the first request) ends when `signal` aborts and within
   * the registry's time limit. An unknown name is looked up again first:
   * it may have just appeared.
   */
  async kubeConfig(
    name: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<k8s.KubeConfig> {
    return withinLimit(
      `Connecting to cluster "${name}"`,
      this.waitMs,
      options.signal,
      async signal => {
        if (!this.known().some(cluster => cluster.name === name))
          await this.refresh();
        const cluster = this.get(name);
        const { kubeConfig, authProvider } = await this.connect(cluster);
        await verifyAccess(kubeConfig, { name, authProvider }, signal);
        return kubeConfig;
      },
    );
  }

  /**
   * The cluster's address without asking for credentials: enough to build a
   * provider and read which namespaces it keeps its objects in.
   */
  addressOnly(name: string): k8s.KubeConfig {
    const cluster = this.get(name);
    const { connection } = cluster;
    if (connection.type === 'details')
      return kubeConfigFor(connection.details, undefined);
    return this.staticKubeConfig(cluster);
  }

  private get waitMs(): number {
    return this.options.waitMs ?? CLUSTER_WAIT_MS;
  }

  private known(): KnownCluster[] {
    if (this.own.length === 0 && this.sources.length === 0)
      return [
        {
          name: IN_CLUSTER,
          origin: 'the backend’s own cluster',
          connection: { type: 'in-cluster' },
        },
      ];
    const taken = new Map(this.own.map(cluster => [cluster.name, cluster]));
    const located: KnownCluster[] = [];
    for (const cluster of this.locatedByPrecedence()) {
      const holder = taken.get(cluster.name);
      if (holder) {
        this.warnCollision(holder, cluster);
        continue;
      }
      taken.set(cluster.name, cluster);
      located.push(cluster);
    }
    return [...this.own, ...located];
  }

  /** Config locators first, catalog locators last: a catalog entity never takes a configured name. */
  private locatedByPrecedence(): KnownCluster[] {
    const rank = (type?: string) => {
      if (type === 'config') return 0;
      return type === 'catalog' ? 2 : 1;
    };
    return this.sources
      .map((source, index) => ({
        source,
        clusters: this.states[index].clusters,
      }))
      .sort((a, b) => rank(a.source.type) - rank(b.source.type))
      .flatMap(({ clusters }) => clusters);
  }

  private warnCollision(holder: KnownCluster, ignored: KnownCluster): void {
    const key = `${holder.origin}\u0000${ignored.origin}\u0000${holder.name}`;
    if (this.collisions.has(key)) return;
    this.collisions.add(key);
    this.options.logger?.warn(
      `Cluster "${holder.name}" is defined by ${holder.origin} and by ${ignored.origin}; the one of ${holder.origin} is used`,
    );
  }

  /** Why a cluster is not a restore cluster: a catalog one the operator did not allow at this URL. */
  private refusal(cluster: KnownCluster): string | undefined {
    const { connection, name } = cluster;
    if (cluster.locator !== 'catalog' || connection.type !== 'details')
      return undefined;
    const { url } = connection.details;
    const allowed = (this.options.catalogClusters ?? []).some(
      entry => entry.name === name && entry.url === url,
    );
    if (allowed) return undefined;
    return `Cluster "${name}" comes from the catalog and is not an allowed restore cluster: add { name: ${name}, url: ${url} } to kymaros.catalogClusters`;
  }

  private async connect(
    cluster: KnownCluster,
  ): Promise<{ kubeConfig: k8s.KubeConfig; authProvider: string }> {
    const { connection, name } = cluster;
    if (connection.type !== 'details')
      return {
        kubeConfig: this.staticKubeConfig(cluster),
        authProvider:
          connection.type === 'kubeconfig'
            ? `kubeconfig ${connection.path}`
            : 'in-cluster service account',
      };
    const credentials = this.options.credentials;
    if (!credentials)
      throw new NotAllowedError(
        `Cluster "${name}": no auth strategies are configured`,
      );
    const { details } = connection;
    if (usesPodServiceAccount(details, credentials.authProviderOf(details)))
      return {
        kubeConfig: podServiceAccountKubeConfig(name),
        authProvider: 'serviceAccount',
      };
    const { authProvider, credential } = await credentials.credentialFor(
      details,
    );
    if (credential.type === 'anonymous' && authProvider !== 'localKubectlProxy')
      throw new NotAllowedError(
        `Cluster "${name}": auth provider "${authProvider}" gave no bearer token or client certificate`,
      );
    const presented =
      credential.type === 'bearer token'
        ? new RefreshingBearerToken({
            cluster: name,
            authProvider,
            token: credential.token,
            renew: () => renewedToken(credentials, details),
          })
        : credential;
    return { kubeConfig: kubeConfigFor(details, presented), authProvider };
  }

  private staticKubeConfig(cluster: KnownCluster): k8s.KubeConfig {
    const kubeConfig = new k8s.KubeConfig();
    if (cluster.connection.type === 'kubeconfig') {
      const path = cluster.connection.path;
      try {
        kubeConfig.loadFromString(readFileSync(path, 'utf8'));
      } catch (e) {
        throw new InputError(
          `Cluster "${
            cluster.name
          }": cannot read kubeconfig ${path}: ${fileProblem(e)}`,
        );
      }
    } else kubeConfig.loadFromCluster();
    return kubeConfig;
  }

  private async refreshSources(): Promise<void> {
    if (!this.options.sources) return;
    const credentials = await this.options.sources.credentials();
    await Promise.all(
      this.sources.map((source, index) =>
        this.refreshSource(source, this.states[index], credentials),
      ),
    );
  }

  /** One source's list, within the time limit; on failure its last list stays. */
  private async refreshSource(
    source: ClusterSource,
    state: SourceState,
    credentials: BackstageCredentials,
  ): Promise<void> {
    try {
      const clusters = await withinLimit(
        `Listing the clusters of ${source.origin}`,
        this.waitMs,
        undefined,
        () => source.supplier.getClusters({ credentials }),
      );
      state.clusters = clusters.map(details => ({
        name: details.name,
        origin: source.origin,
        connection: { type: 'details', details },
        ...(source.type && { locator: source.type }),
      }));
      state.problem = undefined;
    } catch (e) {
      const problem = describeError(e);
      if (state.problem !== problem)
        this.options.logger?.warn(
          `Cannot list the clusters of ${source.origin}: ${problem}`,
        );
      state.problem = problem;
    }
  }

  private unknownMessage(name: string): string {
    const names = this.names();
    const failing = this.sources
      .map((source, index) => ({ source, state: this.states[index] }))
      .filter(({ state }) => state.problem)
      .map(({ source, state }) => `${source.origin}: ${state.problem}`);
    return `Unknown cluster "${name}" (known: ${
      names.length ? names.join(', ') : 'none'
    })${failing.length ? `; could not list ${failing.join('; ')}` : ''}`;
  }
}

/** A bearer token from the cluster's strategy again, for a run under way. */
async function renewedToken(
  credentials: ClusterCredentials,
  details: ClusterDetails,
): Promise<string> {
  const { credential } = await credentials.credentialFor(details);
  if (credential.type !== 'bearer token')
    throw new NotAllowedError(
      `it gave a credential of type "${credential.type}" instead`,
    );
  return credential.token;
}

/** A `kymaros.clusters` entry: through its auth provider when it has a URL, else its kubeconfig file, else in-cluster. */
function ownCluster(entry: ClusterConfig, index: number): KnownCluster {
  const origin = `kymaros.clusters[${index}]`;
  const base = { name: entry.name, origin, providers: entry.providers };
  if (entry.kubeconfigPath)
    return {
      ...base,
      connection: { type: 'kubeconfig', path: entry.kubeconfigPath },
    };
  if (entry.details)
    return { ...base, connection: { type: 'details', details: entry.details } };
  return { ...base, connection: { type: 'in-cluster' } };
}
