import * as k8s from '@kubernetes/client-node';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { resourceExistsCheck } from './resourceExists';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

describe('resourceExists', () => {
  let c: CheckCluster;
  let ns: string;
  beforeAll(async () => {
    c = await checkCluster();
    ns = await c.sandbox();
    const apiext = c.kc.makeApiClient(k8s.ApiextensionsV1Api);
    await apiext.createCustomResourceDefinition({
      body: {
        metadata: { name: 'postgresclusters.db.example.com' },
        spec: {
          group: 'db.example.com',
          scope: 'Namespaced',
          names: {
            kind: 'PostgresCluster',
            plural: 'postgresclusters',
            singular: 'postgrescluster',
            shortNames: ['pgc'],
          },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  x_kubernetes_preserve_unknown_fields: true,
                },
              },
            },
          ],
        },
      },
    });
    // The CRD's kind is served shortly after it is created, as on a real API server.
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await c.custom.createNamespacedCustomObject({
          group: 'db.example.com',
          version: 'v1',
          namespace: ns,
          plural: 'postgresclusters',
          body: {
            apiVersion: 'db.example.com/v1',
            kind: 'PostgresCluster',
            metadata: { name: 'orders' },
            spec: { instances: 1 },
          },
        });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise(r => setTimeout(r, 50));
      }
    }
    await c.core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name: 'api-credentials' },
        stringData: { token: 'x' },
      },
    });
    await c.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'app-config' }, data: { a: 'b' } },
    });
  });
  afterAll(() => c.stop());

  const run = (resources: any[]) =>
    resourceExistsCheck.run(
      {
        name: 'objects',
        type: 'resourceExists',
        resourceExists: { resources },
      },
      c.context(ns),
    );

  it('passes when built-in and custom resources exist', async () => {
    await expect(
      run([
        { kind: 'Secret', name: 'api-credentials' },
        { kind: 'ConfigMap', name: 'app-config' },
        { kind: 'PostgresCluster', name: 'orders' },
      ]),
    ).resolves.toEqual({
      status: 'pass',
      message:
        '3/3 present: Secret/api-credentials, ConfigMap/app-config, PostgresCluster/orders',
    });
  });

  it('accepts apiVersion, plurals, short names and any case for the kind', async () => {
    await expect(
      run([
        {
          kind: 'PostgresCluster',
          apiVersion: 'db.example.com/v1',
          name: 'orders',
        },
        { kind: 'pgc', name: 'orders' },
        { kind: 'secrets', name: 'api-credentials' },
        { kind: 'configmap', apiVersion: 'v1', name: 'app-config' },
      ]),
    ).resolves.toEqual({
      status: 'pass',
      message:
        '4/4 present: PostgresCluster/orders, PostgresCluster/orders, Secret/api-credentials, ConfigMap/app-config',
    });
  });

  it('fails listing what is missing and which kinds the cluster does not know', async () => {
    await expect(
      run([
        { kind: 'Secret', name: 'db-password' },
        { kind: 'ConfigMap', name: 'app-config' },
        { kind: 'Widget', name: 'main' },
        { kind: 'PostgresCluster', name: 'payments' },
        {
          kind: 'PostgresCluster',
          apiVersion: 'db.example.com/v2',
          name: 'orders',
        },
      ]),
    ).resolves.toEqual({
      status: 'fail',
      message:
        'Secret/db-password missing; kind Widget unknown to the cluster; PostgresCluster/payments missing; kind PostgresCluster (db.example.com/v2) unknown to the cluster (1/5 present)',
    });
  });

  it('finds kinds of other API groups, such as Deployments', async () => {
    await c.app(ns, 'web');
    await expect(run([{ kind: 'Deployment', name: 'web' }])).resolves.toEqual({
      status: 'pass',
      message: '1/1 present: Deployment/web',
    });
  });

  it('reports API errors per object and discovery failures as the check failing', async () => {
    await simulatorAdmin(c.kc, 'POST', '/simulator/v1/faults', {
      path: '/secrets/api-credentials$',
      status: 403,
      times: 1,
    });
    const outcome = await run([
      { kind: 'Secret', name: 'api-credentials' },
      { kind: 'ConfigMap', name: 'app-config' },
    ]);
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^Secret\/api-credentials: HTTP 403: .+ \(1\/2 present\)$/,
    );

    await simulatorAdmin(c.kc, 'POST', '/simulator/v1/faults', {
      path: '^/api/v1$',
      status: 500,
      times: 1,
    });
    const broken = await run([{ kind: 'Secret', name: 'api-credentials' }]);
    expect(broken).toEqual({
      status: 'fail',
      message: expect.stringMatching(/^discovery \/api\/v1 failed: HTTP 500/),
    });
  });

  it('finds each object in whichever sandboxes have it when the check names no namespace', async () => {
    const front = await c.sandbox('front');
    await c.core.createNamespacedConfigMap({
      namespace: front,
      body: { metadata: { name: 'front-config' }, data: { a: 'b' } },
    });
    await c.core.createNamespacedConfigMap({
      namespace: front,
      body: { metadata: { name: 'app-config' }, data: { a: 'b' } },
    });
    const check = (resources: any[]) => ({
      name: 'objects',
      type: 'resourceExists',
      resourceExists: { resources },
    });
    const sandboxes = { front, shop: ns };
    await expect(
      resourceExistsCheck.run(
        check([
          { kind: 'Secret', name: 'api-credentials' },
          { kind: 'ConfigMap', name: 'front-config' },
          { kind: 'ConfigMap', name: 'app-config' },
        ]),
        c.runContext(sandboxes),
      ),
    ).resolves.toEqual({
      status: 'pass',
      message:
        '3/3 present: Secret/api-credentials (shop), ConfigMap/front-config (front), ConfigMap/app-config (front, shop)',
      namespaces: ['front', 'shop'],
    });
    await expect(
      resourceExistsCheck.run(
        check([
          { kind: 'Secret', name: 'api-credentials' },
          { kind: 'Secret', name: 'gone' },
        ]),
        c.runContext(sandboxes),
      ),
    ).resolves.toEqual({
      status: 'fail',
      message: `Secret/gone missing (1/2 present; searched ${front} (front), ${ns} (shop))`,
      namespaces: ['shop'],
    });
  });

  it('validates its block', () => {
    const v = (resourceExists: any) =>
      validateSettings(resourceExistsCheck, {
        name: 'r',
        type: 'resourceExists',
        resourceExists,
      });
    expect(v({ resources: [{ kind: 'Secret', name: 'x' }] })).toBeUndefined();
    expect(v({ resources: [] })).toBe(
      'resourceExists.resources: must list at least one resource',
    );
    expect(v({ resources: [{ kind: 'Secret' }] })).toBe(
      'resourceExists.resources.0.name: is required',
    );
  });
});
