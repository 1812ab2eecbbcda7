import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { v1 } from '@google-cloud/container';
import { GkeClusterLister, GkeClusterSupplier } from './GkeClusterSupplier';

/** A GKE API double on loopback: answers listClusters over REST with `clusters`, recording each request. */
async function gkeApiDouble(clusters: object[]) {
  const requests: { url: string; authorization?: string }[] = [];
  let failing = false;
  const server = http.createServer((req, res) => {
    requests.push({ url: req.url!, authorization: req.headers.authorization });
    if (failing) {
      // Not retried by the client, unlike UNAVAILABLE.
      res.writeHead(403, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          error: {
            code: 403,
            message: "Permission 'container.clusters.list' denied",
            status: 'PERMISSION_DENIED',
          },
        }),
      );
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ clusters }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  // Google's own client, over REST to the double, with a fixed access token.
  const client = async () =>
    new v1.ClusterManagerClient({
      fallback: true,
      protocol: 'http',
      apiEndpoint: '127.0.0.1',
      port,
      authClient: {
        getRequestHeaders: async () => ({
          Authorization: 'Bearer gke-test-token',
        }),
      } as any,
    }) as unknown as GkeClusterLister;
  return {
    client,
    requests,
    fail: () => {
      failing = true;
    },
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

const prod = {
  name: 'prod',
  endpoint: '34.1.2.3',
  resourceLabels: { env: 'prod', team: 'a' },
  masterAuth: { clusterCaCertificate: 'LS0tQ0EtLS0=' },
  controlPlaneEndpointsConfig: {
    dnsEndpointConfig: { endpoint: 'gke-prod.example.goog' },
  },
};
const dev = {
  name: 'dev',
  endpoint: '34.9.9.9',
  resourceLabels: { env: 'dev' },
};

describe('GkeClusterSupplier', () => {
  let api: Awaited<ReturnType<typeof gkeApiDouble>>;
  beforeEach(async () => {
    api = await gkeApiDouble([prod, dev]);
  });
  afterEach(() => api.close());

  const supplier = (locator: object, now?: () => number) =>
    GkeClusterSupplier.fromConfig(
      new ConfigReader({ type: 'gke', projectId: 'acme', ...locator }),
      'kubernetes.clusterLocatorMethods[0]',
      { client: api.client, now },
    );

  it('lists the project’s clusters in every location through the GKE API, with their CA', async () => {
    const clusters = await supplier({}).getClusters();
    expect(api.requests[0].url).toMatch(
      /^\/v1\/projects\/acme\/locations\/-\/clusters/,
    );
    expect(api.requests[0].authorization).toBe('Bearer gke-test-token');
    expect(clusters).toEqual([
      {
        name: 'prod',
        url: 'https://34.1.2.3',
        caData: 'LS0tQ0EtLS0=',
        authMetadata: { 'kubernetes.io/auth-provider': 'google' },
        skipTLSVerify: false,
        skipMetricsLookup: false,
      },
      {
        name: 'dev',
        url: 'https://34.9.9.9',
        authMetadata: { 'kubernetes.io/auth-provider': 'google' },
        skipTLSVerify: false,
        skipMetricsLookup: false,
      },
    ]);
  });

  it('keeps the clusters with every matching label, in the region, by DNS endpoint, with the dashboard', async () => {
    const clusters = await supplier({
      region: 'europe-west1',
      authProvider: 'googleServiceAccount',
      endpointType: 'dns',
      exposeDashboard: true,
      matchingResourceLabels: [
        { key: 'env', value: 'prod' },
        { key: 'team', value: 'a' },
      ],
    }).getClusters();
    expect(api.requests[0].url).toMatch(
      /^\/v1\/projects\/acme\/locations\/europe-west1\/clusters/,
    );
    expect(clusters).toEqual([
      expect.objectContaining({
        name: 'prod',
        url: 'https://gke-prod.example.goog',
        authMetadata: {
          'kubernetes.io/auth-provider': 'googleServiceAccount',
        },
        dashboardApp: 'gke',
        dashboardParameters: {
          projectId: 'acme',
          region: 'europe-west1',
          clusterName: 'prod',
        },
      }),
    ]);
  });

  it('reuses a listing for an hour, and the last one while GKE fails', async () => {
    let now = 0;
    const gke = supplier({}, () => now);
    await gke.getClusters();
    now = 59 * 60_000;
    await gke.getClusters();
    expect(api.requests).toHaveLength(1);
    now = 61 * 60_000;
    api.fail();
    expect((await gke.getClusters()).map(c => c.name)).toEqual(['prod', 'dev']);
    expect(api.requests).toHaveLength(2);
  });

  it('names the project and region when the first listing fails', async () => {
    api.fail();
    await expect(
      supplier({ region: 'us-east1' }).getClusters(),
    ).rejects.toThrow(
      /Cannot list the GKE clusters of project acme in region us-east1; caused by .*container\.clusters\.list/,
    );
  });

  it('refuses an unknown endpointType', () => {
    expect(() => supplier({ endpointType: 'private' })).toThrow(
      'kubernetes.clusterLocatorMethods[0].endpointType: must be public or dns, got "private"',
    );
  });
});
