import { checkCatalogApiServerUrl } from './clusterApiServerUrl';

const publicDns = async () => ['93.184.216.34'];

describe('checkCatalogApiServerUrl', () => {
  it('accepts https to a public address', async () => {
    await expect(
      checkCatalogApiServerUrl('https://k8s.example.com', {}, async () => [
        '8.8.8.8',
      ]),
    ).resolves.toBeInstanceOf(URL);
  });

  it.each([
    ['not a url', {}, 'API server URL "not a url" is not a valid URL'],
    [
      'https://user:pw@k8s.example.com',
      {},
      'API server URL must not contain credentials',
    ],
    ['ftp://k8s.example.com', {}, 'API server URL must use http or https'],
    [
      'http://k8s.example.com',
      {},
      'API server URL must use https (or list "k8s.example.com" in dangerouslyAllowClusterUrls)',
    ],
    [
      'https://10.0.0.1:6443',
      {},
      'API server host "10.0.0.1" is a non-public address (10.0.0.1)',
    ],
    ['https://[::ffff:127.0.0.1]', {}, 'is a non-public address (127.0.0.1)'],
  ])('refuses %s', async (url, policy, message) => {
    await expect(
      checkCatalogApiServerUrl(url, policy, publicDns),
    ).rejects.toThrow(message);
  });

  it('refuses a name that resolves to a private address', async () => {
    await expect(
      checkCatalogApiServerUrl('https://internal.example.com', {}, async () => [
        '93.184.216.34',
        '192.168.1.5',
      ]),
    ).rejects.toThrow('non-public address (192.168.1.5)');
  });

  it('lets listed hosts, and subdomains of a wildcard, use http and private addresses', async () => {
    const policy = {
      dangerouslyAllowClusterUrls: ['127.0.0.1', '*.lab.internal'],
    };
    for (const url of [
      'http://127.0.0.1:8080',
      'https://a.lab.internal',
      'http://lab.internal',
    ])
      await expect(
        checkCatalogApiServerUrl(url, policy, async () => ['10.1.1.1']),
      ).resolves.toBeInstanceOf(URL);
    await expect(
      checkCatalogApiServerUrl('http://127.0.0.2', policy, publicDns),
    ).rejects.toThrow('must use https');
  });
});
