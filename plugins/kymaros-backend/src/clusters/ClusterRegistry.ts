import { readFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';
import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { ClusterDetails } from '@backstage/plugin-kubernetes-node';
import type { ClusterConfig } from '../config/readKymarosConfig';
import { describeError } from '../util/errors';
import { IN_CLUSTER } from './defaultCluster';
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

export interface ClusterRegistryOptions {
  /** Cluster suppliers in order: `kubernetes.clusterLocatorMethods`, then backend modules'. */
  sources?: readonly ClusterSource[];
  /** Needed as soon as a cluster connects through an auth provider. */
  credentials?: ClusterCredentials;
  /** The plugin's own credentials, which suppliers query the catalog with. */
  serviceCredentials?: () => Promise<BackstageCredentials>;
  logger?: LoggerService;
}

/** What one source listed last time it answered, or why it did not. */
interface SourceState {
  clusters: KnownCluster[];
  problem?: string;
}

/**
 * The clusters restores may run in: `kymaros.clusters`, then what every
 * cluster source lists (`kymaros.clusters` wins on a name), or, with neither
 * configured, the backend's own cluster. Sources are asked again at every
 * `refresh`; one that fails keeps its previous list and is named in
 * unknown-cluster errors. Credentials are asked for at every connection, and
 * a connection's bearer token again as it ages (see RefreshingBearerToken).
 */
export class ClusterRegistry {
  private readonly sources: readonly ClusterSource[];
  private readonly states: SourceState[];
  private readonly own: KnownCluster[];
  private refreshing?: Promise<void>;

  constructor(
    own: readonly ClusterConfig[],
    private readonly options: ClusterRegistryOptions = {},
  ) {
    this.own = own.map(ownCluster);
    this.sources = options.sources ?? [];
    this.states = this.sources.map(() => ({ clusters: [] }));
  }

  /** Asks every source again; concurrent callers share one pass. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshSources().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  names(): string[] {
    return this.known().map(cluster => cluster.name);
  }

  /** The cluster as last listed; unknown names are refused with the known ones. */
  get(name: string): KnownCluster {
    const cluster = this.known().find(candidate => candidate.name === name);
    if (!cluster) throw new NotFoundError(this.unknownMessage(name));
    return cluster;
  }

  /**
   * A kubeconfig with fresh credentials, once the API server accepted them;
   * a bearer token is renewed while it is in use.
   * An unknown name is looked up again first: it may have just appeared.
   */
  async kubeConfig(name: string): Promise<k8s.KubeConfig> {
    if (!this.names().includes(name)) await this.refresh();
    const cluster = this.get(name);
    const { kubeConfig, authProvider } = await this.connect(cluster);
    await verifyAccess(kubeConfig, { name, authProvider });
    return kubeConfig;
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

  private known(): KnownCluster[] {
    if (this.own.length === 0 && this.sources.length === 0)
      return [
        {
          name: IN_CLUSTER,
          origin: 'the backend’s own cluster',
          connection: { type: 'in-cluster' },
        },
      ];
    const taken = new Set(this.own.map(cluster => cluster.name));
    const located: KnownCluster[] = [];
    for (const cluster of this.states.flatMap(state => state.clusters)) {
      if (taken.has(cluster.name)) continue;
      taken.add(cluster.name);
      located.push(cluster);
    }
    return [...this.own, ...located];
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
          }": cannot read kubeconfig ${path}: ${describeError(e)}`,
        );
      }
    } else kubeConfig.loadFromCluster();
    return kubeConfig;
  }

  private async refreshSources(): Promise<void> {
    const credentials = await this.options.serviceCredentials?.();
    await Promise.all(
      this.sources.map(async (source, index) => {
        const state = this.states[index];
        try {
          const clusters = await source.supplier.getClusters({
            credentials: credentials!,
          });
          state.clusters = clusters.map(details => ({
            name: details.name,
            origin: source.origin,
            connection: { type: 'details', details },
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
      }),
    );
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
