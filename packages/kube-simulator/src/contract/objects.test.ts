import * as k8s from '@kubernetes/client-node';
import {
  ContractEndpoint,
  contractEndpoint,
  rawRequest,
  statusOf,
} from './endpoint';

const widgetCrd = (group: string) => ({
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
    },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          // client-node serialises x_kubernetes_preserve_unknown_fields; the
          // schema is declared field by field so that pruning shows.
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'integer' } },
              },
            },
          },
        },
      },
    ],
  },
});

describe('contract: object semantics', () => {
  let ep: ContractEndpoint;
  let ns: string;
  beforeAll(async () => {
    ep = await contractEndpoint();
    ns = await ep.namespace('objects');
  });
  afterAll(() => ep.stop());

  it('sets uid, resourceVersion, creationTimestamp and generation on create', async () => {
    const cm = await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'meta' }, data: { a: '1' } },
    });
    expect(cm.metadata!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(cm.metadata!.resourceVersion)).toBeGreaterThan(0);
    expect(cm.metadata!.creationTimestamp).toBeInstanceOf(Date);
    const dep = await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('gen'),
    });
    expect(dep.metadata!.generation).toBe(1);
    const scaled = await ep.apps.patchNamespacedDeployment(
      { namespace: ns, name: 'gen', body: { spec: { replicas: 0 } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(scaled.metadata!.generation).toBe(2);
  });

  it('generates names from generateName', async () => {
    const cm = await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { generateName: 'gen-' } },
    });
    expect(cm.metadata!.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('answers NotFound, AlreadyExists and Invalid as Status objects', async () => {
    const nf = await statusOf(
      ep.core.readNamespacedConfigMap({ namespace: ns, name: 'missing' }),
    );
    expect(nf).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "missing" not found',
    });
    await ep.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'dup' }, stringData: { k: 'v' } },
    });
    const ae = await statusOf(
      ep.core.createNamespacedSecret({
        namespace: ns,
        body: { metadata: { name: 'dup' } },
      }),
    );
    expect(ae).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'secrets "dup" already exists',
    });
    const inv = await statusOf(
      ep.core.createNamespace({ body: { metadata: { name: 'Bad_Name' } } }),
    );
    expect(inv.code).toBe(422);
    expect(inv.reason).toBe('Invalid');
    expect(inv.message).toContain('Namespace "Bad_Name" is invalid');
    expect(inv.details.causes[0]).toMatchObject({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
    });
    const long = await statusOf(
      ep.core.createNamespace({ body: { metadata: { name: 'x'.repeat(64) } } }),
    );
    expect(long.code).toBe(422);
  });

  it('refuses a stale resourceVersion with Conflict', async () => {
    const cm = await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'occ' }, data: { v: '1' } },
    });
    const updated = await ep.core.replaceNamespacedConfigMap({
      namespace: ns,
      name: 'occ',
      body: { ...cm, data: { v: '2' } },
    });
    expect(Number(updated.metadata!.resourceVersion)).toBeGreaterThan(
      Number(cm.metadata!.resourceVersion),
    );
    const conflict = await statusOf(
      ep.core.replaceNamespacedConfigMap({
        namespace: ns,
        name: 'occ',
        body: { ...cm, data: { v: '3' } },
      }),
    );
    expect(conflict).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(conflict.message).toContain('the object has been modified');
  });

  it('applies JSON, merge and strategic merge patches', async () => {
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: {
        metadata: { name: 'p', labels: { a: '1', b: '2' } },
        data: { x: '1' },
      },
    });
    const json = await ep.core.patchNamespacedConfigMap({
      namespace: ns,
      name: 'p',
      body: [
        { op: 'add', path: '/data/y', value: '2' },
        { op: 'remove', path: '/metadata/labels/b' },
      ],
    });
    expect(json.data).toEqual({ x: '1', y: '2' });
    expect(json.metadata!.labels).toEqual({ a: '1' });
    const merge = await ep.core.patchNamespacedConfigMap(
      { namespace: ns, name: 'p', body: { data: { x: null, z: '3' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    expect(merge.data).toEqual({ y: '2', z: '3' });
    await ep.apps.createNamespacedDeployment({
      namespace: ns,
      body: deployment('smp', [
        { name: 'a', image: 'a:1' },
        { name: 'b', image: 'b:1' },
      ]),
    });
    const smp = await ep.apps.patchNamespacedDeployment(
      {
        namespace: ns,
        name: 'smp',
        body: {
          spec: {
            template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } },
          },
        },
      },
      k8s.setHeaderOptions(
        'Content-Type',
        k8s.PatchStrategy.StrategicMergePatch,
      ),
    );
    // Strategic merge keys containers by name: "a" stays, "b" is updated in place.
    expect(
      smp.spec!.template.spec!.containers.map(c => `${c.name}=${c.image}`),
    ).toEqual(['a=a:1', 'b=b:2']);
    const badJson = await statusOf(
      ep.core.patchNamespacedConfigMap({
        namespace: ns,
        name: 'p',
        body: [{ op: 'replace', path: '/data/missing/deeper', value: 'x' }],
      }),
    );
    expect(badJson.code).toBe(422);
  });

  it('serves custom resources generically and refuses strategic merge for them', async () => {
    const group = `contract${Math.random()
      .toString(36)
      .slice(2, 7)}.kymaros.io`;
    await ep.apiext.createCustomResourceDefinition({
      body: widgetCrd(group) as any,
    });
    try {
      const crd = await ep.apiext.readCustomResourceDefinition({
        name: `widgets.${group}`,
      });
      await expectEstablished(ep, crd.metadata!.name!);
      const created: any = await ep.custom.createNamespacedCustomObject({
        group,
        version: 'v1',
        namespace: ns,
        plural: 'widgets',
        body: {
          apiVersion: `${group}/v1`,
          kind: 'Widget',
          metadata: { name: 'w1' },
          spec: { size: 3, undeclared: 'dropped' },
        },
      });
      expect(created.metadata.uid).toBeDefined();
      // Fields the schema does not declare are pruned before storage.
      expect(created.spec).toEqual({ size: 3 });
      const list: any = await ep.custom.listNamespacedCustomObject({
        group,
        version: 'v1',
        namespace: ns,
        plural: 'widgets',
      });
      expect(list.items.map((i: any) => i.metadata.name)).toEqual(['w1']);
      expect(list.items[0].kind).toBe('Widget'); // custom resource list items keep kind and apiVersion
      const merged: any = await ep.custom.patchNamespacedCustomObject(
        {
          group,
          version: 'v1',
          namespace: ns,
          plural: 'widgets',
          name: 'w1',
          body: { spec: { size: 4 } },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      expect(merged.spec.size).toBe(4);
      const smp = await statusOf(
        ep.custom.patchNamespacedCustomObject(
          {
            group,
            version: 'v1',
            namespace: ns,
            plural: 'widgets',
            name: 'w1',
            body: { spec: { size: 5 } },
          },
          k8s.setHeaderOptions(
            'Content-Type',
            k8s.PatchStrategy.StrategicMergePatch,
          ),
        ),
      );
      expect(smp).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
    } finally {
      await ep.apiext.deleteCustomResourceDefinition({
        name: `widgets.${group}`,
      });
    }
  });

  it('filters lists by equality and set-based label selectors and by metadata.name', async () => {
    const mk = (name: string, labels: Record<string, string>) =>
      ep.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name, labels } },
      });
    await mk('sel-a', { tier: 'web', env: 'prod' });
    await mk('sel-b', { tier: 'db', env: 'prod' });
    await mk('sel-c', { tier: 'web', env: 'dev', skip: 'yes' });
    const names = async (labelSelector?: string, fieldSelector?: string) =>
      (
        await ep.core.listNamespacedConfigMap({
          namespace: ns,
          labelSelector,
          fieldSelector,
        })
      ).items
        .map(i => i.metadata!.name)
        .filter(n => n!.startsWith('sel-'));
    expect(await names('tier=web')).toEqual(['sel-a', 'sel-c']);
    expect(await names('tier==web,env!=dev')).toEqual(['sel-a']);
    expect(await names('tier in (web,db),!skip')).toEqual(['sel-a', 'sel-b']);
    expect(await names('env notin (prod)')).toEqual(['sel-c']);
    expect(await names('skip')).toEqual(['sel-c']);
    expect(await names(undefined, 'metadata.name=sel-b')).toEqual(['sel-b']);
    const bad = await statusOf(
      ep.core.listNamespacedConfigMap({
        namespace: ns,
        fieldSelector: 'spec.nothing=x',
      }),
    );
    expect(bad.code).toBe(400);
  });

  it('returns the list resourceVersion and pages with limit and continue', async () => {
    for (let i = 0; i < 5; i++)
      await ep.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: `page-${i}`, labels: { page: 'yes' } } },
      });
    const first = await ep.core.listNamespacedConfigMap({
      namespace: ns,
      labelSelector: 'page=yes',
      limit: 2,
    });
    expect(Number(first.metadata!.resourceVersion)).toBeGreaterThan(0);
    expect(first.items).toHaveLength(2);
    expect(first.metadata!._continue).toBeTruthy();
    const names = first.items.map(i => i.metadata!.name);
    let token = first.metadata!._continue;
    while (token) {
      const page = await ep.core.listNamespacedConfigMap({
        namespace: ns,
        labelSelector: 'page=yes',
        limit: 2,
        _continue: token,
      });
      names.push(...page.items.map(i => i.metadata!.name));
      token = page.metadata!._continue;
    }
    expect(names.sort()).toEqual([
      'page-0',
      'page-1',
      'page-2',
      'page-3',
      'page-4',
    ]);
  });

  it('keeps an object with finalizers until they are removed', async () => {
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'fin', finalizers: ['kymaros.io/test'] } },
    });
    await ep.core.deleteNamespacedConfigMap({ namespace: ns, name: 'fin' });
    const pending = await ep.core.readNamespacedConfigMap({
      namespace: ns,
      name: 'fin',
    });
    expect(pending.metadata!.deletionTimestamp).toBeInstanceOf(Date);
    await ep.core.patchNamespacedConfigMap(
      { namespace: ns, name: 'fin', body: { metadata: { finalizers: null } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    const gone = await statusOf(
      ep.core.readNamespacedConfigMap({ namespace: ns, name: 'fin' }),
    );
    expect(gone.code).toBe(404);
  });

  it('sends JSON with a Content-Type on every answer, errors included', async () => {
    const res = await rawRequest(
      ep.kc,
      `/api/v1/namespaces/${ns}/configmaps/nope`,
    );
    expect(res.status).toBe(404);
    expect(String(res.headers['content-type'])).toContain('application/json');
    expect(JSON.parse(res.body)).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      code: 404,
    });
  });

  it('answers 415 for an unknown patch content type', async () => {
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'ct' } },
    });
    const res = await rawRequest(
      ep.kc,
      `/api/v1/namespaces/${ns}/configmaps/ct`,
      {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/x-unknown' },
        body: '{}',
      },
    );
    expect(res.status).toBe(415);
  });
});

function deployment(
  name: string,
  containers = [{ name: 'app', image: 'nginx:1' }],
): k8s.V1Deployment {
  return {
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

async function expectEstablished(ep: ContractEndpoint, name: string) {
  for (let i = 0; i < 100; i++) {
    const crd = await ep.apiext.readCustomResourceDefinition({ name });
    if (
      crd.status?.conditions?.some(
        c => c.type === 'Established' && c.status === 'True',
      )
    )
      return;
    await new Promise(r => setTimeout(r, 50));
  }
  throw new Error(`CRD ${name} never became Established`);
}
