import { ConfigReader } from '@backstage/config';
import { ConfigClusterSupplier } from './ConfigClusterSupplier';

const at = 'kubernetes.clusterLocatorMethods[0]';
const supplier = (clusters: object[]) =>
  ConfigClusterSupplier.fromConfig(
    new ConfigReader({ type: 'config', clusters }),
    at,
  );

describe('ConfigClusterSupplier', () => {
  it('reads every field the Kubernetes plugin reads, with its defaults', async () => {
    const clusters = await supplier([
      {
        name: 'eks',
        title: 'EKS prod',
        url: 'https://eks.example.com',
        authProvider: 'aws',
        assumeRole: 'arn:aws:iam::123456789012:role/restore',
        externalId: 'ext-1',
        caFile: '/etc/eks-ca.pem',
      },
      {
        name: 'sso',
        url: 'https://sso.example.com',
        authProvider: 'oidc',
        oidcTokenProvider: 'okta',
        caData: 'Y2E=',
        skipTLSVerify: true,
        skipMetricsLookup: true,
      },
    ]).getClusters();
    expect(clusters).toEqual([
      {
        name: 'eks',
        title: 'EKS prod',
        url: 'https://eks.example.com',
        skipTLSVerify: false,
        skipMetricsLookup: false,
        caData: undefined,
        caFile: '/etc/eks-ca.pem',
        authMetadata: {
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role':
            'arn:aws:iam::123456789012:role/restore',
          'kubernetes.io/aws-external-id': 'ext-1',
        },
      },
      {
        name: 'sso',
        url: 'https://sso.example.com',
        skipTLSVerify: true,
        skipMetricsLookup: true,
        caData: 'Y2E=',
        caFile: undefined,
        authMetadata: {
          'kubernetes.io/auth-provider': 'oidc',
          'kubernetes.io/oidc-token-provider': 'okta',
        },
      },
    ]);
  });

  it('lets an authMetadata block name the provider and win over the fields', async () => {
    const [cluster] = await supplier([
      {
        name: 'eks',
        url: 'https://eks.example.com',
        authProvider: 'serviceAccount',
        assumeRole: 'arn:aws:iam::1:role/field',
        authMetadata: {
          'kubernetes.io/auth-provider': 'aws',
          'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/block',
          'kubernetes.io/x-k8s-aws-id': 'prod-cluster',
        },
      },
    ]).getClusters();
    expect(cluster.authMetadata).toEqual({
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/block',
      'kubernetes.io/x-k8s-aws-id': 'prod-cluster',
    });
  });

  it('refuses a cluster without an auth provider, or a name used twice, naming the entry', () => {
    expect(() => supplier([{ name: 'a', url: 'https://a' }])).toThrow(
      `${at}.clusters[0] (cluster "a") has no auth provider: set authProvider or authMetadata.kubernetes.io/auth-provider`,
    );
    expect(() =>
      supplier([
        { name: 'a', url: 'https://a', authProvider: 'serviceAccount' },
        { name: 'a', url: 'https://b', authProvider: 'serviceAccount' },
      ]),
    ).toThrow(`${at}.clusters[1]: duplicate cluster name "a"`);
    expect(() =>
      supplier([
        {
          name: 'a',
          url: 'https://a',
          authMetadata: { 'kubernetes.io/auth-provider': 3 },
        },
      ]),
    ).toThrow(
      `${at}.clusters[0].authMetadata["kubernetes.io/auth-provider"]: must be a string, got number`,
    );
  });
});
