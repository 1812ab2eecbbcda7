import type { KubeObject } from '../store/types';
import {
  isTarget,
  parseAddress,
  reached,
  resolveUpstream,
  serviceOfHost,
  upstreamRouteFor,
  upstreamRoutes,
  type UpstreamCluster,
} from './upstreamCalls';

const pod = (env: object[], upstream = '/db=DB_URL'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'web',
    annotations: { 'sim.kymaros.io/upstream': upstream },
  },
  spec: { containers: [{ name: 'main', env }] },
});

const service = (
  namespace: string,
  name: string,
  spec: object = { ports: [{ name: 'http', port: 8080 }] },
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace },
  spec,
});

/** A cluster holding `services`, each with one ready endpoint unless listed in `empty`. */
function cluster(
  services: KubeObject[],
  empty: string[] = [],
): UpstreamCluster {
  return {
    configMapValue: async (ns, name, key) =>
      ns === 'web' && name === 'cfg' && key === 'DB_HOST'
        ? 'db.db-sbx:8080'
        : undefined,
    secretValue: async (ns, name, key) =>
      ns === 'web' && name === 'creds' && key === 'url'
        ? 'postgres://app:pw@db.db-sbx.svc:8080/app'
        : undefined,
    service: async (ns, name) =>
      services.find(
        s => s.metadata.namespace === ns && s.metadata.name === name,
      ),
    readyEndpoints: async svc =>
      empty.includes(svc.metadata.name)
        ? []
        : [{ ip: '10.244.0.9', port: 9090 }],
  };
}

describe('upstream routes', () => {
  it('reads path=ENV pairs and leaves out entries that are not', () => {
    const p = pod([], ' /db=DB_URL, cache = CACHE_URL, broken, =X');
    expect(upstreamRoutes(p)).toEqual([
      { path: '/db', env: 'DB_URL' },
      { path: '/cache', env: 'CACHE_URL' },
    ]);
    expect(upstreamRouteFor(p, '/db?x=1')).toEqual({
      path: '/db',
      env: 'DB_URL',
    });
    expect(upstreamRouteFor(p, '/healthz')).toBeUndefined();
  });
});

describe('cluster addresses', () => {
  it('reads URLs and host:port, with the scheme default port and only an HTTP path', () => {
    expect(parseAddress('http://db.shop.svc.cluster.local:8080/ping')).toEqual({
      host: 'db.shop.svc.cluster.local',
      port: 8080,
      path: '/ping',
    });
    expect(parseAddress('http://api.shop')).toEqual({
      host: 'api.shop',
      port: 80,
      path: '/',
    });
    expect(parseAddress('db.shop:5432')).toEqual({
      host: 'db.shop',
      port: 5432,
      path: '/',
    });
    expect(parseAddress('postgres://u:p@db.shop.svc:5432/app')).toEqual({
      host: 'db.shop.svc',
      port: 5432,
      path: '/',
    });
    expect(parseAddress('db')).toEqual({
      host: 'db',
      port: undefined,
      path: '/',
    });
    expect(parseAddress('http://')).toBeUndefined();
  });

  it('names the Service of every form cluster DNS answers, and nothing else', () => {
    expect(serviceOfHost('db.shop.svc.cluster.local', 'web')).toEqual({
      service: 'db',
      namespace: 'shop',
    });
    expect(serviceOfHost('db.shop.svc', 'web')).toEqual({
      service: 'db',
      namespace: 'shop',
    });
    expect(serviceOfHost('db.shop', 'web')).toEqual({
      service: 'db',
      namespace: 'shop',
    });
    expect(serviceOfHost('db', 'web')).toEqual({
      service: 'db',
      namespace: 'web',
    });
    expect(serviceOfHost('api.example.com', 'web')).toBeUndefined();
  });
});

describe('resolving an upstream', () => {
  const db = service('db-sbx', 'db');

  it('reaches the ready endpoint of the Service an env value names', async () => {
    const p = pod([
      { name: 'DB_URL', value: 'http://db.db-sbx.svc.cluster.local:8080' },
    ]);
    const target = await resolveUpstream(
      p,
      upstreamRoutes(p)[0],
      cluster([db]),
    );
    expect(target).toEqual({
      address: 'db.db-sbx.svc.cluster.local:8080',
      namespace: 'db-sbx',
      service: 'db',
      endpoint: { ip: '10.244.0.9', port: 9090 },
      path: '/',
    });
    expect(isTarget(target) && reached(target, 200)).toEqual({
      status: 200,
      body: 'reached db-sbx: db.db-sbx (10.244.0.9:9090) answered 200',
      contentType: 'text/plain',
    });
    expect(isTarget(target) && reached(target, 503)).toMatchObject({
      status: 502,
      body: 'cannot reach db.db-sbx.svc.cluster.local:8080: db.db-sbx (10.244.0.9:9090) answered 503',
    });
  });

  it('reads env values from ConfigMaps and Secrets, never answering with the credentials', async () => {
    const p = pod(
      [
        {
          name: 'DB_HOST',
          valueFrom: { configMapKeyRef: { name: 'cfg', key: 'DB_HOST' } },
        },
        {
          name: 'DB_URL',
          valueFrom: { secretKeyRef: { name: 'creds', key: 'url' } },
        },
      ],
      '/a=DB_HOST,/b=DB_URL',
    );
    const [a, b] = upstreamRoutes(p);
    expect(await resolveUpstream(p, a, cluster([db]))).toMatchObject({
      address: 'db.db-sbx:8080',
      namespace: 'db-sbx',
    });
    const target = await resolveUpstream(p, b, cluster([db]));
    expect(target).toMatchObject({ address: 'db.db-sbx.svc:8080' });
    expect(JSON.stringify(target)).not.toContain('pw');
  });

  it('follows ExternalName Services as DNS follows the CNAME', async () => {
    const alias = service('web', 'database', {
      type: 'ExternalName',
      externalName: 'db.db-sbx.svc.cluster.local',
    });
    const p = pod([{ name: 'DB_URL', value: 'database:8080' }]);
    expect(
      await resolveUpstream(p, upstreamRoutes(p)[0], cluster([alias, db])),
    ).toMatchObject({ namespace: 'db-sbx', service: 'db' });
  });

  it.each([
    [
      'no Service',
      'http://db.db-src.svc.cluster.local:8080',
      'cannot reach db.db-src.svc.cluster.local:8080: no Service db in namespace db-src',
    ],
    [
      'no such port',
      'db.db-sbx:5432',
      'cannot reach db.db-sbx:5432: Service db.db-sbx has no port 5432',
    ],
    [
      'a name outside the cluster',
      'https://api.example.com/v1',
      'cannot reach api.example.com:443: api.example.com is not a Service name of the cluster',
    ],
  ])('answers 502 naming the host for %s', async (_, value, body) => {
    const p = pod([{ name: 'DB_URL', value }]);
    expect(
      await resolveUpstream(p, upstreamRoutes(p)[0], cluster([db])),
    ).toEqual({ status: 502, body, contentType: 'text/plain' });
  });

  it('answers 502 when the Service has no ready endpoint', async () => {
    const p = pod([{ name: 'DB_URL', value: 'db.db-sbx:8080' }]);
    expect(
      await resolveUpstream(p, upstreamRoutes(p)[0], cluster([db], ['db'])),
    ).toMatchObject({
      status: 502,
      body: 'cannot reach db.db-sbx:8080: Service db.db-sbx has no ready endpoint',
    });
  });

  it('answers 502 naming the variable when it is unset or holds no address', async () => {
    const unset = pod([]);
    expect(
      await resolveUpstream(unset, upstreamRoutes(unset)[0], cluster([db])),
    ).toMatchObject({
      status: 502,
      body: 'cannot reach DB_URL: env DB_URL is not set in pod web/web-1',
    });
    const bad = pod([{ name: 'DB_URL', value: 'http://' }]);
    expect(
      await resolveUpstream(bad, upstreamRoutes(bad)[0], cluster([db])),
    ).toMatchObject({
      status: 502,
      body: 'cannot reach DB_URL: env DB_URL holds no host address',
    });
  });
});
