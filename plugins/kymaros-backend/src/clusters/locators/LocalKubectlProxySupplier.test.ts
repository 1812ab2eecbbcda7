import { LocalKubectlProxySupplier } from './LocalKubectlProxySupplier';

describe('LocalKubectlProxySupplier', () => {
  it('is one cluster named local on kubectl proxy’s port, without credentials', async () => {
    expect(await new LocalKubectlProxySupplier().getClusters()).toEqual([
      {
        name: 'local',
        url: expect.stringMatching(/^http:\/\/(127\.0\.0\.1|\[::1\]):8001$/),
        authMetadata: { 'kubernetes.io/auth-provider': 'localKubectlProxy' },
        skipMetricsLookup: true,
      },
    ]);
  });

  it('brackets an IPv6 loopback address', async () => {
    const [cluster] = await new LocalKubectlProxySupplier(
      async () => '::1',
    ).getClusters();
    expect(cluster.url).toBe('http://[::1]:8001');
  });
});
