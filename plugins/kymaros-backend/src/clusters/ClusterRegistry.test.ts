import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createHash, X509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  AuthenticationStrategy,
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { generateServingCertificate } from '@kymaros/kube-simulator/src/server/tls';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { WriteGuard } from '../sandbox/WriteGuard';
import { MAX_TOKEN_AGE_MS } from './auth/RefreshingBearerToken';
import { createClusterRegistry } from './createClusterRegistry';
import type { ClusterExtensions } from './createClusterRegistry';

/** The registry as the plugin builds it, from app-config and modules' additions. */
function registryFor(config: object, extensions?: Partial<ClusterExtensions>) {
  const root = new ConfigReader(config);
  return createClusterRegistry({
    config: root,
    clusters: readKymarosConfig(root).clusters,
    catalog: catalogServiceMock(),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    extensions: {
      suppliers: extensions?.suppliers ?? [],
      authStrategies: extensions?.authStrategies ?? new Map(),
    },
  });
}

const configLocator = (clusters: object[]) => ({
  kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
});

/** A supplier whose list a test changes, or makes fail. */
function changingSupplier(initial: ClusterDetails[]) {
  let clusters = initial;
  let failure: Error | undefined;
  const supplier: KubernetesClustersSupplier = {
    getClusters: async () => {
      if (failure) throw failure;
      return clusters;
    },
  };
  return {
    supplier,
    set: (next: ClusterDetails[]) => {
      clusters = next;
    },
    fail: (error: Error) => {
      failure = error;
    },
  };
}

const details = (name: string, url = `https://${name}.example.com`) => ({
  name,
  url,
  authMetadata: {
    'kubernetes.io/auth-provider': 'serviceAccount',
    serviceAccountToken: 't',
  },
});

describe('ClusterRegistry', () => {
  it('is the backend’s own cluster when nothing is configured', async () => {
    expect((await registryFor({})).names()).toEqual(['in-cluster']);
  });

  it('lists kymaros.clusters first, then each locator’s and module’s clusters, kymaros.clusters winning on a name', async () => {
    const module = changingSupplier([details('from-module'), details('b')]);
    const registry = await registryFor(
      {
        kymaros: {
          clusters: [
            { name: 'b', kubeconfigPath: '/etc/b.kubeconfig' },
            { name: 'own', url: 'https://own.example.com' },
          ],
        },
        ...configLocator([
          { name: 'a', url: 'https://a.example.com', authProvider: 'aws' },
          { name: 'b', url: 'https://b.example.com', authProvider: 'aws' },
        ]),
      },
      { suppliers: [module.supplier] },
    );
    expect(registry.names()).toEqual(['b', 'own', 'a', 'from-module']);
    expect(registry.get('b')).toMatchObject({
      origin: 'kymaros.clusters[0]',
      connection: { type: 'kubeconfig', path: '/etc/b.kubeconfig' },
    });
    expect(registry.get('a').origin).toBe(
      'kubernetes.clusterLocatorMethods[0] (config)',
    );
    expect(registry.get('from-module').origin).toBe(
      'backend module cluster supplier #1',
    );
  });

  it('refuses an unknown cluster, naming the known ones and the sources that could not list theirs', async () => {
    const module = changingSupplier([details('m')]);
    const registry = await registryFor(
      configLocator([
        { name: 'a', url: 'https://a.example.com', authProvider: 'aws' },
      ]),
      { suppliers: [module.supplier] },
    );
    module.fail(new Error('inventory API down'));
    await registry.refresh();
    // The failing source keeps what it listed last.
    expect(registry.names()).toEqual(['a', 'm']);
    await expect(registry.kubeConfig('gone')).rejects.toThrow(
      'Unknown cluster "gone" (known: a, m); could not list backend module cluster supplier #1: inventory API down',
    );
  });

  it('looks a cluster up again when a run names one it does not know yet', async () => {
    const t = await testSimulator();
    try {
      const module = changingSupplier([]);
      const registry = await registryFor({}, { suppliers: [module.supplier] });
      module.set([
        {
          name: 'new',
          url: t.sim.url,
          caData: Buffer.from(t.sim.caData!).toString('base64'),
          authMetadata: {
            'kubernetes.io/auth-provider': 'serviceAccount',
            serviceAccountToken: t.sim.token,
          },
        },
      ]);
      const kc = await registry.kubeConfig('new');
      const namespaces = await kc.makeApiClient(k8s.CoreV1Api).listNamespace();
      expect(namespaces.items.length).toBeGreaterThan(0);
    } finally {
      await t.sim.stop();
    }
  });

  describe('against an API server', () => {
    let t: Awaited<ReturnType<typeof testSimulator>>;
    beforeAll(async () => {
      t = await testSimulator();
    });
    afterAll(() => t.sim.stop());

    const caData = () => Buffer.from(t.sim.caData!).toString('base64');

    it('connects a config-located serviceAccount cluster with its token and CA', async () => {
      const registry = await registryFor(
        configLocator([
          {
            name: 'sim',
            url: t.sim.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: t.sim.token,
            caData: caData(),
          },
        ]),
      );
      const kc = await registry.kubeConfig('sim');
      await expect(
        kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'default' }),
      ).resolves.toMatchObject({ metadata: { name: 'default' } });
    });

    it('connects an oidc cluster with the token configured for its token provider', async () => {
      const registry = await registryFor({
        ...configLocator([
          {
            name: 'sso',
            url: t.sim.url,
            authProvider: 'oidc',
            oidcTokenProvider: 'okta',
            caData: caData(),
          },
        ]),
        kymaros: {
          clusterAuth: { oidcTokens: { okta: { token: t.sim.token } } },
        },
      });
      const kc = await registry.kubeConfig('sso');
      await expect(
        kc.makeApiClient(k8s.CoreV1Api).readNamespace({ name: 'default' }),
      ).resolves.toMatchObject({ metadata: { name: 'default' } });
    });

    it('reads a CA file', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-ca-'));
      writeFileSync(path.join(dir, 'ca.pem'), t.sim.caData!);
      const registry = await registryFor({
        kymaros: {
          clusters: [
            {
              name: 'sim',
              url: t.sim.url,
              serviceAccountToken: t.sim.token,
              caFile: path.join(dir, 'ca.pem'),
            },
          ],
        },
      });
      await expect(registry.kubeConfig('sim')).resolves.toBeDefined();
    });

    it('names the cluster and auth provider when the API server refuses the credentials', async () => {
      const registry = await registryFor(
        configLocator([
          {
            name: 'sim',
            url: t.sim.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: 'expired-token',
            caData: caData(),
          },
        ]),
      );
      await expect(registry.kubeConfig('sim')).rejects.toThrow(
        'Cluster "sim" refused the credentials from auth provider "serviceAccount" (HTTP 401',
      );
    });
  });

  describe('a run longer than its bearer token lives', () => {
    // An API server that records the token of every request.
    let seen: { method: string; path: string; token: string }[];
    let url: string;
    let server: http.Server;
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        seen.push({
          method: req.method!,
          path: req.url!,
          token: String(req.headers.authorization),
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify(
            req.url === '/api'
              ? { kind: 'APIVersions', versions: ['v1'] }
              : { kind: 'NamespaceList', metadata: {}, items: [] },
          ),
        );
      });
      await new Promise<void>(resolve =>
        server.listen(0, '127.0.0.1', resolve),
      );
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => {
      seen = [];
    });
    afterEach(() => jest.restoreAllMocks());
    afterAll(() => new Promise(resolve => server.close(resolve)));

    /** A strategy whose token changes at every call, as EKS tokens do, or fails once told to. */
    function rotatingStrategy() {
      let issued = 0;
      let failure: Error | undefined;
      const strategy: AuthenticationStrategy = {
        getCredential: async () => {
          if (failure) throw failure;
          issued += 1;
          return { type: 'bearer token', token: `token-${issued}` };
        },
        validateCluster: () => [],
        presentAuthMetadata: () => ({}),
      };
      return {
        strategy,
        fail: (error: Error) => {
          failure = error;
        },
      };
    }

    /** A run's kubeconfig, guarded as a run's is, with Date.now under the test's control. */
    async function runKubeConfig(strategy: AuthenticationStrategy) {
      const realNow = Date.now;
      let offset = 0;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
      const registry = await registryFor(
        {
          kymaros: {
            clusters: [
              {
                name: 'eks',
                url,
                authProvider: 'rotating',
                skipTLSVerify: true,
              },
            ],
          },
        },
        { authStrategies: new Map([['rotating', strategy]]) },
      );
      const kc = guardedKubeConfig(
        await registry.kubeConfig('eks'),
        new WriteGuard([]),
      );
      return {
        core: kc.makeApiClient(k8s.CoreV1Api),
        kc,
        age: (ms: number) => {
          offset += ms;
        },
      };
    }

    it('presents a renewed token to later requests of the same run, the first one to earlier requests', async () => {
      const { strategy } = rotatingStrategy();
      const run = await runKubeConfig(strategy);
      await run.core.listNamespace();
      run.age(MAX_TOKEN_AGE_MS - 1000);
      await run.core.listNamespace();
      run.age(2000);
      await run.core.listNamespace();
      await run.core.listNamespace();
      const opts: https.RequestOptions = {};
      await run.kc.applyToHTTPSOptions(opts); // watch, log, exec
      expect(seen.map(r => `${r.path} ${r.token}`)).toEqual([
        '/api Bearer token-1',
        '/api/v1/namespaces Bearer token-1',
        '/api/v1/namespaces Bearer token-1',
        '/api/v1/namespaces Bearer token-2',
        '/api/v1/namespaces Bearer token-2',
      ]);
      expect(opts.headers).toMatchObject({ Authorization: 'Bearer token-2' });
    });

    it('names the cluster and auth provider when the token cannot be renewed', async () => {
      const rotating = rotatingStrategy();
      const run = await runKubeConfig(rotating.strategy);
      rotating.fail(new Error('STS is unreachable'));
      run.age(MAX_TOKEN_AGE_MS);
      await expect(run.core.listNamespace()).rejects.toThrow(
        'Cluster "eks": the bearer token from auth provider "rotating" could not be renewed for the run under way: Cluster "eks": auth provider "rotating" gave no credentials: STS is unreachable',
      );
      expect(seen.map(r => r.path)).toEqual(['/api']);
    });
  });

  describe('TLS', () => {
    // An API server that answers discovery only to the client certificate it expects.
    const server = generateServingCertificate(['127.0.0.1']);
    const client = generateServingCertificate(['kymaros']);
    const clientFingerprint = new X509Certificate(client.cert).fingerprint256;
    let url: string;
    let https_: https.Server;
    beforeAll(async () => {
      https_ = https.createServer(
        {
          key: server.key,
          cert: server.cert,
          requestCert: true,
          rejectUnauthorized: false,
        },
        (req, res) => {
          const peer = (req.socket as any).getPeerCertificate();
          const ok = peer?.fingerprint256 === clientFingerprint;
          res.writeHead(ok ? 200 : 401, { 'Content-Type': 'application/json' });
          res.end(
            JSON.stringify(
              ok
                ? { kind: 'APIVersions', versions: ['v1'] }
                : { kind: 'Status', code: 401, message: 'Unauthorized' },
            ),
          );
        },
      );
      await new Promise<void>(resolve =>
        https_.listen(0, '127.0.0.1', resolve),
      );
      url = `https://127.0.0.1:${(https_.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise(resolve => https_.close(resolve)));

    const certificate: AuthenticationStrategy = {
      getCredential: async () => ({
        type: 'x509 client certificate',
        cert: client.cert,
        key: client.key,
      }),
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const withCertificate = (cluster: object) =>
      registryFor(
        {
          kymaros: {
            clusters: [
              { name: 'x', url, authProvider: 'certificate', ...cluster },
            ],
          },
        },
        { authStrategies: new Map([['certificate', certificate]]) },
      );

    it('presents an x509 client certificate and verifies the server with the CA data', async () => {
      const registry = await withCertificate({
        caData: Buffer.from(server.caCert).toString('base64'),
      });
      const kc = await registry.kubeConfig('x');
      expect(
        createHash('sha256')
          .update(Buffer.from(kc.getCurrentUser()!.certData!, 'base64'))
          .digest('hex'),
      ).toBe(createHash('sha256').update(client.cert).digest('hex'));
    });

    it('refuses a server it cannot verify, unless skipTLSVerify is set', async () => {
      await expect((await withCertificate({})).kubeConfig('x')).rejects.toThrow(
        `Cluster "x" at ${url} cannot be reached`,
      );
      await expect(
        (await withCertificate({ skipTLSVerify: true })).kubeConfig('x'),
      ).resolves.toBeDefined();
    });
  });

  it('refuses at start-up a configured cluster its strategy rejects', async () => {
    await expect(
      registryFor(
        configLocator([
          { name: 'sso', url: 'https://sso.example.com', authProvider: 'oidc' },
        ]),
      ),
    ).rejects.toThrow(
      'kubernetes.clusterLocatorMethods[0] (config) (cluster "sso"): Must specify a token provider for \'oidc\' strategy',
    );
  });
});
