import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { AuthenticationStrategy } from '@backstage/plugin-kubernetes-node';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { createClusterRegistry } from './createClusterRegistry';

/** An API server that answers discovery and records who asked. */
async function recordingServer() {
  const tokens: string[] = [];
  const server = http.createServer((req, res) => {
    tokens.push(String(req.headers.authorization));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ kind: 'APIVersions', versions: ['v1'] }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, tokens, close: () => server.close() };
}

const clusterResource = (name: string, url: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: {
      'kubernetes.io/api-server': url,
      'kubernetes.io/api-server-certificate-authority': 'Q0EK',
      'kubernetes.io/auth-provider': 'aws',
      'kubernetes.io/skip-tls-verify': 'true',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'platform' },
});

/** The backend's own identity: a strategy that hands out its token and counts how often. */
function backendIdentity() {
  const getCredential = jest.fn(async () => ({
    type: 'bearer token' as const,
    token: 'BACKEND-IDENTITY',
  }));
  const strategy: AuthenticationStrategy = {
    getCredential,
    validateCluster: () => [],
    presentAuthMetadata: () => ({}),
  };
  return { strategy, getCredential };
}

function registryWith(
  entities: Entity[],
  kymaros: object = {},
  laterLocators: object[] = [],
) {
  const root = new ConfigReader({
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'catalog',
          dangerouslyAllowClusterUrls: ['127.0.0.1'],
          dangerouslyAllowSkipTLSVerify: true,
        },
        ...laterLocators,
      ],
    },
    kymaros,
  });
  const identity = backendIdentity();
  const logger = mockServices.logger.mock();
  const registry = createClusterRegistry({
    config: root,
    clusters: readKymarosConfig(root).clusters,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    logger,
    extensions: {
      suppliers: [],
      authStrategies: new Map([['aws', identity.strategy]]),
    },
  });
  return { registry, identity, logger };
}

describe('ClusterRegistry and catalog clusters', () => {
  let server: Awaited<ReturnType<typeof recordingServer>>;
  beforeAll(async () => {
    server = await recordingServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.tokens.length = 0;
  });

  it('never asks for credentials for a catalog cluster not in kymaros.catalogClusters, and says what to add', async () => {
    const { registry, identity } = registryWith([
      clusterResource('attacker', server.url),
    ]);
    const clusters = await registry;
    const refusal = `Cluster "attacker" comes from the catalog and is not an allowed restore cluster: add { name: attacker, url: ${server.url} } to kymaros.catalogClusters`;
    await expect(clusters.kubeConfig('attacker')).rejects.toThrow(refusal);
    expect(() => clusters.get('attacker')).toThrow(refusal);
    expect(identity.getCredential).not.toHaveBeenCalled();
    expect(server.tokens).toEqual([]);
    // Not a restore cluster (reaper, providers), yet a test may name it and get the refusal.
    expect(clusters.names()).toEqual([]);
    expect(clusters.choices()).toEqual({ names: ['attacker'] });
  });

  it('refuses an allowed name whose catalog URL is not the one allowed', async () => {
    const { registry, identity } = registryWith(
      [clusterResource('prod', server.url)],
      { catalogClusters: [{ name: 'prod', url: 'https://prod.example.com' }] },
    );
    await expect((await registry).kubeConfig('prod')).rejects.toThrow(
      `add { name: prod, url: ${server.url} } to kymaros.catalogClusters`,
    );
    expect(identity.getCredential).not.toHaveBeenCalled();
  });

  it('connects a catalog cluster listed with the exact URL the catalog gives', async () => {
    const { registry, identity } = registryWith(
      [clusterResource('prod', server.url)],
      { catalogClusters: [{ name: 'prod', url: server.url }] },
    );
    const clusters = await registry;
    await expect(clusters.kubeConfig('prod')).resolves.toBeDefined();
    expect(identity.getCredential).toHaveBeenCalledTimes(1);
    expect(server.tokens).toEqual(['Bearer BACKEND-IDENTITY']);
    expect(clusters.names()).toEqual(['prod']);
  });

  it('never lets a catalog cluster take a configured name, and logs both origins', async () => {
    const { registry, logger } = registryWith(
      [clusterResource('prod', server.url)],
      { catalogClusters: [{ name: 'prod', url: server.url }] },
      [
        {
          type: 'config',
          clusters: [
            {
              name: 'prod',
              url: 'https://prod.example.com',
              authProvider: 'serviceAccount',
              serviceAccountToken: 't',
            },
          ],
        },
      ],
    );
    const clusters = await registry;
    expect(clusters.get('prod').origin).toBe(
      'kubernetes.clusterLocatorMethods[1] (config)',
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Cluster "prod" is defined by kubernetes.clusterLocatorMethods[1] (config) and by kubernetes.clusterLocatorMethods[0] (catalog); the one of kubernetes.clusterLocatorMethods[1] (config) is used',
    );
  });
});
