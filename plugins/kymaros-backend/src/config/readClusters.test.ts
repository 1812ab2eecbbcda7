import { ConfigReader } from '@backstage/config';
import { readClusters } from './readClusters';

describe('readClusters', () => {
  it('merges a cluster’s provider settings over kymaros.providers', () => {
    const [withBlock, withoutBlock] = readClusters(
      new ConfigReader({
        kymaros: {
          providers: { tool: { namespace: 'tools', region: 'eu' } },
          clusters: [
            {
              name: 'a',
              url: 'https://a',
              providers: { tool: { namespace: 'tools-a' } },
            },
            { name: 'b', url: 'https://b' },
          ],
        },
      }),
    );
    const tool = withBlock.providers!.getConfig('tool');
    expect(tool.getString('namespace')).toBe('tools-a');
    expect(tool.getString('region')).toBe('eu');
    expect(withoutBlock.providers).toBeUndefined();
  });

  it('names the cluster’s key in a type error of its provider settings', () => {
    const [cluster] = readClusters(
      new ConfigReader({
        kymaros: {
          clusters: [{ name: 'a', providers: { tool: { namespace: 3 } } }],
        },
      }),
    );
    expect(() =>
      cluster.providers!.getConfig('tool').getString('namespace'),
    ).toThrow('kymaros.clusters[0].providers.tool.namespace');
  });

  it('refuses a retired per-cluster key, naming its replacement', () => {
    expect(() =>
      readClusters(
        new ConfigReader({
          kymaros: {
            clusters: [
              { name: 'a', url: 'https://a' },
              { name: 'b', url: 'https://b', veleroNamespace: 'backups' },
            ],
          },
        }),
      ),
    ).toThrow(
      'kymaros.clusters[1].veleroNamespace is no longer supported: set kymaros.clusters[1].providers.velero.namespace instead (or kymaros.providers.velero.namespace for every cluster)',
    );
  });

  it('describes a cluster with a url as the Kubernetes plugin would, serviceAccount unless it says otherwise', () => {
    const [plain, eks] = readClusters(
      new ConfigReader({
        kymaros: {
          clusters: [
            { name: 'k', url: 'https://k', serviceAccountToken: 't' },
            {
              name: 'eks',
              url: 'https://eks',
              authProvider: 'aws',
              assumeRole: 'arn:aws:iam::1:role/r',
              caFile: '/ca.pem',
            },
          ],
        },
      }),
    );
    expect(plain.details).toEqual({
      name: 'k',
      url: 'https://k',
      skipTLSVerify: false,
      skipMetricsLookup: false,
      caData: undefined,
      caFile: undefined,
      authMetadata: {
        'kubernetes.io/auth-provider': 'serviceAccount',
        serviceAccountToken: 't',
      },
    });
    expect(eks.details).toMatchObject({
      caFile: '/ca.pem',
      authMetadata: {
        'kubernetes.io/auth-provider': 'aws',
        'kubernetes.io/aws-assume-role': 'arn:aws:iam::1:role/r',
      },
    });
  });

  it('refuses an entry with both url and kubeconfigPath, and a repeated name', () => {
    const read = (clusters: object[]) => () =>
      readClusters(new ConfigReader({ kymaros: { clusters } }));
    expect(
      read([{ name: 'a', url: 'https://a', kubeconfigPath: '/k' }]),
    ).toThrow(
      'kymaros.clusters[0]: set either url or kubeconfigPath, not both',
    );
    expect(
      read([
        { name: 'a', url: 'https://a' },
        { name: 'a', kubeconfigPath: '/k' },
      ]),
    ).toThrow('kymaros.clusters[1]: duplicate cluster name "a"');
  });

  it('leaves kubernetes.clusterLocatorMethods to the cluster registry', () => {
    expect(
      readClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'k', url: 'https://k', serviceAccountToken: 't' },
                ],
              },
            ],
          },
        }),
      ),
    ).toEqual([]);
  });
});
