import type { Config } from '@backstage/config';
import { ForwardedError, InputError } from '@backstage/errors';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { ANNOTATION_KUBERNETES_AUTH_PROVIDER } from '@backstage/plugin-kubernetes-common';
import type { protos } from '@google-cloud/container';

type GkeCluster = protos.google.container.v1.ICluster;

/** The one call of the GKE API this locator makes. */
export interface GkeClusterLister {
  listClusters(request: {
    parent: string;
  }): Promise<[{ clusters?: GkeCluster[] | null }, ...unknown[]]>;
}

/** How long a listing is reused before GKE is asked again (the Kubernetes plugin's refresh interval). */
const LISTING_TTL_MS = 60 * 60_000;

const endpointTypes = ['public', 'dns'] as const;

interface GkeLocatorOptions {
  projectId: string;
  region: string;
  authProvider: 'google' | 'googleServiceAccount';
  skipTLSVerify: boolean;
  skipMetricsLookup: boolean;
  exposeDashboard: boolean;
  matchingResourceLabels: { key: string; value: string }[];
  endpointType: (typeof endpointTypes)[number];
}

/**
 * `type: gke`: the GKE clusters of a project (in `region`, or every
 * location), optionally only those carrying every `matchingResourceLabels`
 * label. The listing is kept for an hour; when GKE cannot be reached the
 * previous one is reused.
 */
export class GkeClusterSupplier implements KubernetesClustersSupplier {
  private listing?: { clusters: ClusterDetails[]; at: number };

  private constructor(
    private readonly options: GkeLocatorOptions,
    private readonly client: () => Promise<GkeClusterLister>,
    private readonly now: () => number,
  ) {}

  /** `client` stands in for the GKE API (tests); by default Google's ClusterManagerClient with Application Default Credentials. */
  static fromConfig(
    locator: Config,
    at: string,
    deps: { client?: () => Promise<GkeClusterLister>; now?: () => number } = {},
  ): GkeClusterSupplier {
    return new GkeClusterSupplier(
      readGkeOptions(locator, at),
      memoize(deps.client ?? defaultClient),
      deps.now ?? Date.now,
    );
  }

  async getClusters(): Promise<ClusterDetails[]> {
    const fresh = this.listing && this.now() - this.listing.at < LISTING_TTL_MS;
    if (!fresh) await this.refresh();
    return this.listing!.clusters;
  }

  private async refresh(): Promise<void> {
    const { projectId, region } = this.options;
    try {
      const [response] = await (
        await this.client()
      ).listClusters({ parent: `projects/${projectId}/locations/${region}` });
      this.listing = {
        clusters: (response.clusters ?? [])
          .filter(cluster => this.matchesLabels(cluster))
          .map(cluster => this.toClusterDetails(cluster)),
        at: this.now(),
      };
    } catch (e) {
      if (this.listing) return;
      throw new ForwardedError(
        `Cannot list the GKE clusters of project ${projectId} in region ${region}`,
        e,
      );
    }
  }

  private matchesLabels(cluster: GkeCluster): boolean {
    return this.options.matchingResourceLabels.every(
      ({ key, value }) => cluster.resourceLabels?.[key] === value,
    );
  }

  private toClusterDetails(cluster: GkeCluster): ClusterDetails {
    const { projectId, region, authProvider } = this.options;
    const caData = cluster.masterAuth?.clusterCaCertificate || undefined;
    return {
      name: cluster.name ?? 'unknown',
      url: this.urlOf(cluster),
      authMetadata: { [ANNOTATION_KUBERNETES_AUTH_PROVIDER]: authProvider },
      skipTLSVerify: this.options.skipTLSVerify,
      skipMetricsLookup: this.options.skipMetricsLookup,
      ...(caData && { caData }),
      ...(this.options.exposeDashboard && {
        dashboardApp: 'gke',
        dashboardParameters: {
          projectId,
          region,
          clusterName: cluster.name ?? 'unknown',
        },
      }),
    };
  }

  private urlOf(cluster: GkeCluster): string {
    const dns =
      cluster.controlPlaneEndpointsConfig?.dnsEndpointConfig?.endpoint;
    if (this.options.endpointType === 'dns' && dns) return `https://${dns}`;
    return `https://${cluster.endpoint ?? ''}`;
  }
}

function readGkeOptions(locator: Config, at: string): GkeLocatorOptions {
  const endpointType = locator.getOptionalString('endpointType') ?? 'public';
  if (!(endpointTypes as readonly string[]).includes(endpointType))
    throw new InputError(
      `${at}.endpointType: must be ${endpointTypes.join(
        ' or ',
      )}, got "${endpointType}"`,
    );
  return {
    projectId: locator.getString('projectId'),
    region: locator.getOptionalString('region') ?? '-',
    authProvider:
      locator.getOptionalString('authProvider') === 'googleServiceAccount'
        ? 'googleServiceAccount'
        : 'google',
    skipTLSVerify: locator.getOptionalBoolean('skipTLSVerify') ?? false,
    skipMetricsLookup: locator.getOptionalBoolean('skipMetricsLookup') ?? false,
    exposeDashboard: locator.getOptionalBoolean('exposeDashboard') ?? false,
    matchingResourceLabels: (
      locator.getOptionalConfigArray('matchingResourceLabels') ?? []
    ).map(label => ({
      key: label.getString('key'),
      value: label.getString('value'),
    })),
    endpointType: endpointType as GkeLocatorOptions['endpointType'],
  };
}

/** Loaded only when a gke locator is configured: the client pulls in gRPC. */
async function defaultClient(): Promise<GkeClusterLister> {
  const { v1 } = await import('@google-cloud/container');
  return new v1.ClusterManagerClient({
    libName: 'kymaros-backend.GkeClusterSupplier',
  }) as unknown as GkeClusterLister;
}

function memoize<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}
