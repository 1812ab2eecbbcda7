import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '../testing';

jest.setTimeout(30_000);

const app = (
  namespace: string,
  name: string,
  annotations: Record<string, string>,
  env: object[] = [],
) => [
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: {
          containers: [
            {
              name: 'main',
              image: `${name}:1`,
              env,
              ports: [{ name: 'http', containerPort: 9090 }],
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace },
    spec: {
      selector: { app: name },
      ports: [{ name: 'http', port: 8080, targetPort: 'http' }],
    },
  },
];

describe('upstream routes of simulated pods', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'db' } },
          ...app('db', 'db', {
            'sim.kymaros.io/http': JSON.stringify({
              '/': { status: 200, body: 'db' },
            }),
          }),
          ...app(
            'web',
            'web',
            {
              'sim.kymaros.io/upstream': '/db=DB_URL, /ghost=GHOST_URL',
              'sim.kymaros.io/http': JSON.stringify({
                '/healthz': { status: 200 },
              }),
            },
            [
              { name: 'DB_URL', value: 'http://db.db.svc.cluster.local:8080' },
              { name: 'GHOST_URL', value: 'ghost.db:8080' },
            ],
          ),
        ],
      } as any,
    });
  });

  afterAll(() => t?.sim.stop());

  /** GET through the API server's service proxy, as the engine's httpGet check does. */
  const get = async (path: string) => {
    for (let i = 0; ; i++) {
      const answer = await t.core
        .connectGetNamespacedServiceProxyWithPath({
          namespace: 'web',
          name: 'web:8080',
          path,
        })
        .then(
          body => ({ status: 200, body }),
          (e: k8s.ApiException<string>) => ({ status: e.code, body: e.body }),
        );
      if (answer.status !== 503 || i > 50) return answer;
      await new Promise(r => setTimeout(r, 100));
    }
  };

  it('answers 200 naming the namespace its upstream Service lives in', async () => {
    expect(await get('db')).toEqual({
      status: 200,
      body: expect.stringMatching(
        /^reached db: db\.db \([\d.]+:9090\) answered 200$/,
      ),
    });
    expect((await get('healthz')).status).toBe(200);
  });

  it('answers 502 naming the host when no Service answers to it', async () => {
    expect(await get('ghost')).toEqual({
      status: 502,
      body: 'cannot reach ghost.db:8080: no Service ghost in namespace db',
    });
  });

  it('answers 502 once the upstream Service has no ready endpoint', async () => {
    await t.apps.patchNamespacedDeployment(
      { namespace: 'db', name: 'db', body: { spec: { replicas: 0 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    let answer = await get('db');
    for (let i = 0; i < 50 && answer.status !== 502; i++) {
      await new Promise(r => setTimeout(r, 100));
      answer = await get('db');
    }
    expect(answer).toEqual({
      status: 502,
      body: 'cannot reach db.db.svc.cluster.local:8080: Service db.db has no ready endpoint',
    });
  });
});
