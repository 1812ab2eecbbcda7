import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  AuthenticationStrategy,
  ClusterDetails,
} from '@backstage/plugin-kubernetes-node';
import { ClusterCredentials } from './ClusterCredentials';
import { builtInAuthStrategies } from './builtInAuthStrategies';
import { readClusterAuthSettings } from './readClusterAuthSettings';

function cluster(
  authProvider: string,
  metadata: Record<string, string> = {},
  name = 'c',
): ClusterDetails {
  return {
    name,
    url: 'https://c.example.com',
    authMetadata: { 'kubernetes.io/auth-provider': authProvider, ...metadata },
  };
}

function credentials(
  config: object = {},
  modules: Record<string, AuthenticationStrategy> = {},
) {
  const root = new ConfigReader(config);
  const strategies = builtInAuthStrategies({
    config: root,
    logger: mockServices.logger.mock(),
  });
  Object.entries(modules).forEach(([name, s]) => strategies.set(name, s));
  return new ClusterCredentials(
    strategies,
    readClusterAuthSettings(root),
    new Set(Object.keys(modules)),
  );
}

/** Sets environment variables for one test, restoring them after. */
function withEnv(vars: Record<string, string>) {
  const saved = Object.fromEntries(
    Object.keys(vars).map(key => [key, process.env[key]]),
  );
  Object.assign(process.env, vars);
  return () => {
    for (const [key, value] of Object.entries(saved))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  };
}

/** A loopback HTTP server answering every request with `respond`, recording them. */
async function loopback(
  respond: (req: http.IncomingMessage, res: http.ServerResponse) => void,
) {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    respond(req, res);
  });
  server.on('connect', (req, socket) => {
    requests.push(req);
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('ClusterCredentials', () => {
  it('serviceAccount: the cluster’s token, as a bearer token', async () => {
    const { credential, authProvider } = await credentials().credentialFor(
      cluster('serviceAccount', { serviceAccountToken: 'sa-token' }),
    );
    expect(authProvider).toBe('serviceAccount');
    expect(credential).toEqual({ type: 'bearer token', token: 'sa-token' });
  });

  it('aws: an EKS token presigned locally with the environment’s credentials, for the cluster id and role given', async () => {
    const restore = withEnv({
      AWS_ACCESS_KEY_ID: 'AKIAKYMAROSTEST',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_REGION: 'eu-west-1',
    });
    try {
      const { credential } = await credentials().credentialFor(
        cluster('aws', { 'kubernetes.io/x-k8s-aws-id': 'prod-eks' }, 'eks'),
      );
      expect(credential.type).toBe('bearer token');
      const token = (credential as { token: string }).token;
      expect(token).toMatch(/^k8s-aws-v1\./);
      const url = new URL(
        Buffer.from(token.slice('k8s-aws-v1.'.length), 'base64url').toString(),
      );
      expect(url.host).toBe('sts.eu-west-1.amazonaws.com');
      expect(url.searchParams.get('Action')).toBe('GetCallerIdentity');
      expect(url.searchParams.get('X-Amz-Credential')).toMatch(
        /^AKIAKYMAROSTEST\/\d{8}\/eu-west-1\/sts\/aws4_request$/,
      );
      expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe(
        'host;x-k8s-aws-id',
      );
      expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      restore();
    }
  });

  it('azure (and aks through it): an AKS-scoped token from the managed identity endpoint', async () => {
    const identity = await loopback((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify({
          access_token: 'aks-token',
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          token_type: 'Bearer',
        }),
      );
    });
    const restore = withEnv({
      IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
      IDENTITY_HEADER: 'identity-secret',
    });
    try {
      const engine = credentials({
        kymaros: { clusterAuth: { serviceAuthProviders: { aks: 'azure' } } },
      });
      for (const provider of ['azure', 'aks']) {
        const { credential, authProvider } = await engine.credentialFor(
          cluster(provider),
        );
        expect(authProvider).toBe('azure');
        expect(credential).toEqual({
          type: 'bearer token',
          token: 'aks-token',
        });
      }
      const [request] = identity.requests;
      expect(request.headers['x-identity-header']).toBe('identity-secret');
      expect(request.url).toContain(
        'resource=6dae42f8-4368-4678-94ff-3960e28e3630',
      );
    } finally {
      restore();
      await identity.close();
    }
  });

  it('googleServiceAccount: exchanges the configured key at Google’s token endpoint', async () => {
    // Google's endpoint is fixed in its client; a proxy double proves the
    // exchange is attempted there, and refuses it, so nothing leaves.
    const proxy = await loopback((_req, res) => res.end());
    const restore = withEnv({ HTTPS_PROXY: proxy.url, https_proxy: proxy.url });
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    const key = {
      type: 'service_account',
      project_id: 'acme',
      private_key_id: 'k1',
      private_key: privateKey,
      client_email: 'restore@acme.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: 'https://oauth2.googleapis.com/token',
    };
    try {
      await expect(
        credentials({
          kubernetes: { googleServiceAccountCredentials: JSON.stringify(key) },
        }).credentialFor(cluster('googleServiceAccount', {}, 'gke-a')),
      ).rejects.toThrow(
        'Cluster "gke-a": auth provider "googleServiceAccount" gave no credentials:',
      );
      expect(proxy.requests.map(r => r.url)).toContain(
        'www.googleapis.com:443',
      );
    } finally {
      restore();
      await proxy.close();
    }
  });

  it('google and aks: refused, with the service identity to configure instead', async () => {
    await expect(
      credentials().credentialFor(cluster('google', {}, 'gke-a')),
    ).rejects.toThrow(
      'Cluster "gke-a" uses auth provider "google", which signs in with the portal user\'s own token; restore runs have no user. Set kymaros.clusterAuth.serviceAuthProviders.google: googleServiceAccount to use a service identity, or define the cluster in kymaros.clusters with its own credentials',
    );
    await expect(
      credentials().credentialFor(cluster('aks', {}, 'aks-a')),
    ).rejects.toThrow(
      'Set kymaros.clusterAuth.serviceAuthProviders.aks: azure',
    );
  });

  it('google through googleServiceAccount when configured so', async () => {
    const proxy = await loopback((_req, res) => res.end());
    const restore = withEnv({ HTTPS_PROXY: proxy.url, https_proxy: proxy.url });
    try {
      await expect(
        credentials({
          kymaros: {
            clusterAuth: {
              serviceAuthProviders: { google: 'googleServiceAccount' },
            },
          },
        }).credentialFor(cluster('google', {}, 'gke-a')),
      ).rejects.toThrow(
        'Cluster "gke-a": auth provider "googleServiceAccount" gave no credentials',
      );
    } finally {
      restore();
      await proxy.close();
    }
  });

  it('oidc: the configured token of the cluster’s token provider, a token file read at every connection', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-oidc-'));
    const file = path.join(dir, 'token');
    writeFileSync(file, 'first\n');
    const engine = credentials({
      kymaros: {
        clusterAuth: {
          oidcTokens: {
            okta: { token: 'okta-token' },
            dex: { tokenFile: file },
          },
        },
      },
    });
    const oidc = (provider: string) =>
      cluster('oidc', { 'kubernetes.io/oidc-token-provider': provider });
    expect((await engine.credentialFor(oidc('okta'))).credential).toEqual({
      type: 'bearer token',
      token: 'okta-token',
    });
    expect((await engine.credentialFor(oidc('dex'))).credential).toEqual({
      type: 'bearer token',
      token: 'first',
    });
    writeFileSync(file, 'rotated');
    expect((await engine.credentialFor(oidc('dex'))).credential).toEqual({
      type: 'bearer token',
      token: 'rotated',
    });
  });

  it('oidc: refused without a configured token, naming the key to set', async () => {
    await expect(
      credentials().credentialFor(
        cluster('oidc', { 'kubernetes.io/oidc-token-provider': 'okta' }, 'sso'),
      ),
    ).rejects.toThrow(
      'Cluster "sso" uses auth provider "oidc" with token provider "okta", which passes the portal user\'s token; restore runs have no user. Set kymaros.clusterAuth.oidcTokens.okta.token (or .tokenFile) to a token the cluster accepts, or define the cluster in kymaros.clusters with its own serviceAccountToken',
    );
  });

  it('localKubectlProxy: no credentials, the proxy adds them', async () => {
    expect(
      (await credentials().credentialFor(cluster('localKubectlProxy')))
        .credential,
    ).toEqual({ type: 'anonymous' });
  });

  it('a module’s strategy replaces the built-in one, which is then no longer user-bound', async () => {
    const certificate: AuthenticationStrategy = {
      getCredential: async () => ({
        type: 'x509 client certificate',
        cert: 'CERT',
        key: 'KEY',
      }),
      validateCluster: () => [],
      presentAuthMetadata: () => ({}),
    };
    const engine = credentials(
      {},
      { google: certificate, pinniped: certificate },
    );
    for (const provider of ['google', 'pinniped'])
      expect(
        (await engine.credentialFor(cluster(provider))).credential,
      ).toEqual({ type: 'x509 client certificate', cert: 'CERT', key: 'KEY' });
  });

  it('names an unknown auth provider with the known ones', async () => {
    await expect(
      credentials().credentialFor(cluster('vault', {}, 'v')),
    ).rejects.toThrow(
      'Cluster "v": auth provider "vault" is not known to Kymaros (known: aks, aws, azure, google, googleServiceAccount, localKubectlProxy, oidc, serviceAccount); a backend module adds one through kymarosClustersExtensionPoint.addAuthStrategy',
    );
  });

  it('validates a configured cluster with its strategy, as the Kubernetes plugin does', () => {
    expect(() =>
      credentials().validate(
        cluster('oidc', {}, 'sso'),
        'kubernetes.clusterLocatorMethods[0]',
      ),
    ).toThrow(
      'kubernetes.clusterLocatorMethods[0] (cluster "sso"): Must specify a token provider for \'oidc\' strategy',
    );
  });

  it('refuses bad kymaros.clusterAuth settings, naming the key', () => {
    expect(() =>
      credentials({
        kymaros: { clusterAuth: { serviceAuthProviders: { google: 'gcp' } } },
      }),
    ).toThrow(
      'kymaros.clusterAuth.serviceAuthProviders.google: unknown auth provider "gcp"',
    );
    expect(() =>
      credentials({
        kymaros: { clusterAuth: { serviceAuthProviders: { aks: 'google' } } },
      }),
    ).toThrow(
      'kymaros.clusterAuth.serviceAuthProviders.aks: "google" needs a signed-in user too',
    );
    expect(() =>
      credentials({
        kymaros: { clusterAuth: { oidcTokens: { okta: {} } } },
      }),
    ).toThrow(
      'kymaros.clusterAuth.oidcTokens.okta: set exactly one of token and tokenFile',
    );
  });
});
