import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogClusterSupplier } from './CatalogClusterSupplier';

function clusterResource(
  name: string,
  annotations: Record<string, string>,
  spec: object = { type: 'kubernetes-cluster' },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: `${name} cluster`,
      annotations: {
        'kubernetes.io/api-server': 'http://127.0.0.1:6443',
        'kubernetes.io/api-server-certificate-authority': 'Q0EK',
        'kubernetes.io/auth-provider': 'aws',
        ...annotations,
      },
    },
    spec: { owner: 'platform', ...spec },
  };
}

function supplierFor(entities: Entity[], locator: object = {}) {
  const logger = mockServices.logger.mock();
  const supplier = CatalogClusterSupplier.fromConfig(
    new ConfigReader({
      type: 'catalog',
      dangerouslyAllowClusterUrls: ['127.0.0.1'],
      ...locator,
    }),
    {
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger,
    },
  );
  return { supplier, logger };
}

describe('CatalogClusterSupplier', () => {
  it('turns a kubernetes-cluster Resource into a cluster, its kubernetes.io annotations into auth metadata', async () => {
    const { supplier } = supplierFor([
      clusterResource('eks-prod', {
        'kubernetes.io/x-k8s-aws-id': 'prod',
        'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
        'kubernetes.io/skip-metrics-lookup': 'true',
        'backstage.io/source-location': 'url:https://example.com',
      }),
    ]);
    expect(await supplier.getClusters()).toEqual([
      {
        name: 'eks-prod',
        title: 'eks-prod cluster',
        url: 'http://127.0.0.1:6443',
        caData: 'Q0EK',
        skipTLSVerify: false,
        skipMetricsLookup: true,
        authMetadata: {
          'kubernetes.io/api-server': 'http://127.0.0.1:6443',
          'kubernetes.io/api-server-certificate-authority': 'Q0EK',
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/x-k8s-aws-id': 'prod',
          'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
          'kubernetes.io/skip-metrics-lookup': 'true',
        },
      },
    ]);
  });

  it('lists only Resources of type kubernetes-cluster with the API server, CA and auth provider', async () => {
    const withoutCa = clusterResource('no-ca', {});
    delete withoutCa.metadata.annotations![
      'kubernetes.io/api-server-certificate-authority'
    ];
    const { supplier } = supplierFor([
      clusterResource('ok', {}),
      clusterResource('database', {}, { type: 'database' }),
      withoutCa,
      { ...clusterResource('component', {}), kind: 'Component' },
    ]);
    expect((await supplier.getClusters()).map(c => c.name)).toEqual(['ok']);
  });

  it('ignores, with a warning, serviceAccount clusters and URLs the locator does not allow', async () => {
    const { supplier, logger } = supplierFor([
      clusterResource('sa', {
        'kubernetes.io/auth-provider': 'serviceAccount',
      }),
      clusterResource('private', {
        'kubernetes.io/api-server': 'https://10.1.2.3',
      }),
      clusterResource('ok', {}),
    ]);
    expect((await supplier.getClusters()).map(c => c.name)).toEqual(['ok']);
    const warnings = logger.warn.mock.calls.map(([m]) => m).join('\n');
    expect(warnings).toContain(
      'Ignoring kubernetes-cluster Resource "sa": the serviceAccount auth provider is not accepted from the catalog',
    );
    expect(warnings).toContain(
      'Ignoring kubernetes-cluster Resource "private": API server host "10.1.2.3" is a non-public address',
    );
  });

  it('skips TLS verification only when the locator allows entities to ask for it', async () => {
    const entities = [
      clusterResource('insecure', { 'kubernetes.io/skip-tls-verify': 'true' }),
    ];
    const [refused] = await supplierFor(entities).supplier.getClusters();
    expect(refused.skipTLSVerify).toBe(false);
    const [allowed] = await supplierFor(entities, {
      dangerouslyAllowSkipTLSVerify: true,
    }).supplier.getClusters();
    expect(allowed.skipTLSVerify).toBe(true);
  });
});
