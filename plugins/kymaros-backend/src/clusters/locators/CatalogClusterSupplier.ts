import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { Entity } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AuthMetadata,
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  ANNOTATION_KUBERNETES_API_SERVER,
  ANNOTATION_KUBERNETES_API_SERVER_CA,
  ANNOTATION_KUBERNETES_AUTH_PROVIDER,
  ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP,
  ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY,
} from '@backstage/plugin-kubernetes-common';
import { describeError } from '../../util/errors';
import {
  ApiServerUrlPolicy,
  checkCatalogApiServerUrl,
} from './clusterApiServerUrl';

interface CatalogLocatorOptions extends ApiServerUrlPolicy {
  /** Whether an entity may turn TLS verification off with `kubernetes.io/skip-tls-verify`. */
  dangerouslyAllowSkipTLSVerify: boolean;
}

/**
 * `type: catalog`: every `Resource` entity of `spec.type: kubernetes-cluster`
 * with the API server, its CA and an auth provider in `kubernetes.io/*`
 * annotations, asked at every refresh. Those annotations become the
 * cluster's auth metadata, except a service-account token, which the catalog
 * must never carry: entities naming `serviceAccount` are left out.
 */
export class CatalogClusterSupplier implements KubernetesClustersSupplier {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly options: CatalogLocatorOptions,
    private readonly logger: LoggerService,
  ) {}

  static fromConfig(
    locator: Config,
    deps: { catalog: CatalogService; auth: AuthService; logger: LoggerService },
  ): CatalogClusterSupplier {
    return new CatalogClusterSupplier(
      deps.catalog,
      deps.auth,
      {
        dangerouslyAllowClusterUrls: locator.getOptionalStringArray(
          'dangerouslyAllowClusterUrls',
        ),
        dangerouslyAllowSkipTLSVerify:
          locator.getOptionalBoolean('dangerouslyAllowSkipTLSVerify') ?? false,
      },
      deps.logger,
    );
  }

  async getClusters(options?: {
    credentials: BackstageCredentials;
  }): Promise<ClusterDetails[]> {
    const annotation = (key: string) => `metadata.annotations.${key}`;
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': 'kubernetes-cluster',
          [annotation(ANNOTATION_KUBERNETES_API_SERVER)]: CATALOG_FILTER_EXISTS,
          [annotation(ANNOTATION_KUBERNETES_API_SERVER_CA)]:
            CATALOG_FILTER_EXISTS,
          [annotation(ANNOTATION_KUBERNETES_AUTH_PROVIDER)]:
            CATALOG_FILTER_EXISTS,
        },
      },
      {
        credentials:
          options?.credentials ?? (await this.auth.getOwnServiceCredentials()),
      },
    );
    const clusters: ClusterDetails[] = [];
    for (const entity of items) {
      const details = await this.toClusterDetails(entity);
      if (details) clusters.push(details);
    }
    return clusters;
  }

  private async toClusterDetails(
    entity: Entity,
  ): Promise<ClusterDetails | undefined> {
    const name = entity.metadata.name;
    const annotations = entity.metadata.annotations ?? {};
    const ignore = (why: string) => {
      this.logger.warn(
        `Ignoring kubernetes-cluster Resource "${name}": ${why}`,
      );
      return undefined;
    };
    if (annotations[ANNOTATION_KUBERNETES_AUTH_PROVIDER] === 'serviceAccount')
      return ignore(
        'the serviceAccount auth provider is not accepted from the catalog (a token does not belong there); configure the cluster in kubernetes.clusterLocatorMethods or kymaros.clusters',
      );
    const url = annotations[ANNOTATION_KUBERNETES_API_SERVER];
    try {
      await checkCatalogApiServerUrl(url, this.options);
    } catch (e) {
      return ignore(describeError(e));
    }
    return {
      name,
      ...(entity.metadata.title && { title: entity.metadata.title }),
      url,
      caData: annotations[ANNOTATION_KUBERNETES_API_SERVER_CA],
      skipTLSVerify:
        this.options.dangerouslyAllowSkipTLSVerify &&
        annotations[ANNOTATION_KUBERNETES_SKIP_TLS_VERIFY] === 'true',
      skipMetricsLookup:
        annotations[ANNOTATION_KUBERNETES_SKIP_METRICS_LOOKUP] === 'true',
      authMetadata: kubernetesAnnotations(annotations),
    };
  }
}

/** The `kubernetes.io/*` annotations, which is where catalog clusters keep their auth metadata. */
function kubernetesAnnotations(
  annotations: Record<string, string>,
): AuthMetadata {
  return Object.fromEntries(
    Object.entries(annotations).filter(([key]) =>
      key.startsWith('kubernetes.io/'),
    ),
  );
}
