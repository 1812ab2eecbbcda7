import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { KubernetesClustersSupplier } from '@backstage/plugin-kubernetes-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { createClusterRegistry } from './createClusterRegistry';

function registryFor(
  config: object,
  suppliers: KubernetesClustersSupplier[] = [],
  waitMs?: number,
) {
  const root = new ConfigReader(config);
  return createClusterRegistry({
    config: root,
    clusters: readKymarosConfig(root).clusters,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    extensions: { suppliers, authStrategies: new Map() },
    waitMs,
  });
}

const cluster = (name: string) => ({
  name,
  url: `https://${name}.example.com`,
  authProvider: 'serviceAccount',
  serviceAccountToken: 't',
});

/** A TCP server that accepts connections and never answers. */
async function silentServer() {
  const sockets: net.Socket[] = [];
  const server = net.createServer(socket => sockets.push(socket));
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      sockets.forEach(socket => socket.destroy());
      server.close();
    },
  };
}

describe('ClusterRegistry limits', () => {
  it('defaults to kymaros.clusters[0], else the first config-located cluster, whatever other sources list first', async () => {
    const early: KubernetesClustersSupplier = {
      getClusters: async () => [
        { name: 'module', url: 'https://m.example.com', authMetadata: {} },
      ],
    };
    const locators = {
      kubernetes: {
        clusterLocatorMethods: [
          { type: 'localKubectlProxy' },
          { type: 'config', clusters: [cluster('first'), cluster('second')] },
        ],
      },
    };
    expect((await registryFor(locators, [early])).defaultName()).toBe('first');
    expect(
      (
        await registryFor({
          ...locators,
          kymaros: { clusters: [cluster('own')] },
        })
      ).defaultName(),
    ).toBe('own');
    const onlyLocated = await registryFor(
      {
        kubernetes: { clusterLocatorMethods: [{ type: 'localKubectlProxy' }] },
      },
      [early],
    );
    expect(onlyLocated.defaultName()).toBeUndefined();
    expect(onlyLocated.choices().names).toEqual(['local', 'module']);
    expect((await registryFor({})).choices()).toEqual({
      names: ['in-cluster'],
      defaultName: 'in-cluster',
    });
  });

  it('keeps refreshing the other sources when one never answers, and names it', async () => {
    const hung: KubernetesClustersSupplier = {
      getClusters: () => new Promise(() => {}),
    };
    let next = 'one';
    const changing: KubernetesClustersSupplier = {
      getClusters: async () => [
        { name: next, url: 'https://x.example.com', authMetadata: {} },
      ],
    };
    const registry = await registryFor({}, [hung, changing], 50);
    expect(registry.names()).toEqual(['one']);
    next = 'two';
    await registry.refresh();
    expect(registry.names()).toEqual(['two']);
    expect(() => registry.get('gone')).toThrow(
      'could not list backend module cluster supplier #1: Listing the clusters of backend module cluster supplier #1 did not finish within 50ms',
    );
  });

  it('gives up on an API server that accepts and never answers', async () => {
    const server = await silentServer();
    try {
      const registry = await registryFor(
        {
          kymaros: {
            clusters: [
              { name: 'silent', url: server.url, serviceAccountToken: 't' },
            ],
          },
        },
        [],
        200,
      );
      await expect(registry.kubeConfig('silent')).rejects.toThrow(
        'Connecting to cluster "silent" did not finish within 200ms',
      );
      const controller = new AbortController();
      const pending = (
        await registryFor({
          kymaros: {
            clusters: [
              { name: 'silent', url: server.url, serviceAccountToken: 't' },
            ],
          },
        })
      ).kubeConfig('silent', { signal: controller.signal });
      controller.abort(new Error('the run was stopped'));
      await expect(pending).rejects.toThrow('the run was stopped');
    } finally {
      server.close();
    }
  });

  it('reports an unreadable kubeconfig by path and position, never its text', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-kubeconfig-'));
    const file = path.join(dir, 'config');
    writeFileSync(
      file,
      'users:\n- name: a\n  user:\n    token: SECRET-TOKEN-123\n  : [\n',
    );
    const registry = await registryFor({
      kymaros: { clusters: [{ name: 'k', kubeconfigPath: file }] },
    });
    const error = await registry.kubeConfig('k').catch(e => e);
    expect(error.message).toMatch(
      new RegExp(
        `^Cluster "k": cannot read kubeconfig ${file}: not valid YAML at line \\d+, column \\d+$`,
      ),
    );
    expect(error.message).not.toContain('SECRET-TOKEN-123');
    expect(() => registry.addressOnly('k')).toThrow(/not valid YAML/);
  });

  describe('a localKubectlProxy cluster over plain HTTP', () => {
    let t: Awaited<ReturnType<typeof testSimulator>>;
    let proxy: http.Server;
    let url: string;
    beforeAll(async () => {
      t = await testSimulator({ tls: false });
      const target = new URL(t.sim.url);
      // Like kubectl proxy: plain HTTP in, the proxy's own credentials out.
      proxy = http.createServer((req, res) => {
        const upstream = http.request(
          {
            host: target.hostname,
            port: target.port,
            path: req.url,
            method: req.method,
            headers: { ...req.headers, authorization: `Bearer ${t.sim.token}` },
          },
          answer => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        req.pipe(upstream);
      });
      await new Promise<void>(resolve => proxy.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      proxy.close();
      await t.sim.stop();
    });

    it('connects without TLS settings', async () => {
      const registry = await registryFor({
        kymaros: {
          clusters: [{ name: 'local', url, authProvider: 'localKubectlProxy' }],
        },
      });
      const kc = await registry.kubeConfig('local');
      await expect(
        kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'default' }),
      ).resolves.toMatchObject({ metadata: { name: 'default' } });
    });
  });
});
