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

  it('falls back to the Kubernetes plugin’s config cluster locators', () => {
    expect(
      readClusters(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              { type: 'catalog' },
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
    ).toEqual([
      {
        name: 'k',
        url: 'https://k',
        serviceAccountToken: 't',
        caData: undefined,
        skipTLSVerify: undefined,
      },
    ]);
  });
});
