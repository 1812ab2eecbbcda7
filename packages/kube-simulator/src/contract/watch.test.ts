import * as k8s from '@kubernetes/client-node';
import { ContractEndpoint, contractEndpoint, eventually } from './endpoint';

jest.setTimeout(60_000);

interface Seen {
  type: string;
  name?: string;
  rv?: string;
  object: any;
}

/** Starts a raw watch and records its events until stopped. */
async function record(
  ep: ContractEndpoint,
  path: string,
  query: Record<string, string | number | boolean | undefined>,
) {
  const events: Seen[] = [];
  let ended: unknown = null;
  let done = false;
  const controller = await new k8s.Watch(ep.kc).watch(
    path,
    query,
    (type, object) =>
      events.push({
        type,
        name: object?.metadata?.name,
        rv: object?.metadata?.resourceVersion,
        object,
      }),
    err => {
      done = true;
      ended = err;
    },
  );
  return { events, controller, ended: () => done, error: () => ended };
}

describe('contract: watch', () => {
  let ep: ContractEndpoint;
  let ns: string;
  beforeAll(async () => {
    ep = await contractEndpoint();
    ns = await ep.namespace('watch');
  });
  afterAll(() => ep.stop());

  it('streams ADDED, MODIFIED and DELETED from a resourceVersion', async () => {
    const list = await ep.core.listNamespacedConfigMap({ namespace: ns });
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion,
      labelSelector: 'watched=yes',
    });
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'w1', labels: { watched: 'yes' } } },
    });
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'ignored', labels: { watched: 'no' } } },
    });
    await ep.core.patchNamespacedConfigMap(
      { namespace: ns, name: 'w1', body: { data: { a: 'b' } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
    await ep.core.deleteNamespacedConfigMap({ namespace: ns, name: 'w1' });
    await eventually(
      async () => w.events.filter(e => e.type !== 'BOOKMARK').length >= 3,
      10_000,
      'three events',
    );
    w.controller.abort();
    const seen = w.events
      .filter(e => e.type !== 'BOOKMARK')
      .map(e => `${e.type} ${e.name}`);
    expect(seen).toEqual(['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
  });

  it('resumes from the last resourceVersion without losing events', async () => {
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'r1', labels: { resume: 'yes' } } },
    });
    const list = await ep.core.listNamespacedConfigMap({
      namespace: ns,
      labelSelector: 'resume=yes',
    });
    const rv = list.metadata!.resourceVersion!;
    // Changes made while nobody watches...
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'r2', labels: { resume: 'yes' } } },
    });
    await ep.core.deleteNamespacedConfigMap({ namespace: ns, name: 'r1' });
    // ...are replayed by a watch that starts from the list's resourceVersion.
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: rv,
      labelSelector: 'resume=yes',
    });
    await eventually(
      async () => w.events.filter(e => e.type !== 'BOOKMARK').length >= 2,
      10_000,
      'replayed events',
    );
    w.controller.abort();
    expect(
      w.events
        .filter(e => e.type !== 'BOOKMARK')
        .map(e => `${e.type} ${e.name}`),
    ).toEqual(['ADDED r2', 'DELETED r1']);
  });

  it('sends synthetic ADDED events without a resourceVersion', async () => {
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'initial', labels: { initial: 'yes' } } },
    });
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      labelSelector: 'initial=yes',
    });
    await eventually(async () => w.events.length >= 1, 10_000, 'initial ADDED');
    w.controller.abort();
    expect(w.events[0]).toMatchObject({ type: 'ADDED', name: 'initial' });
  });

  it('sends BOOKMARK events when asked for them', async () => {
    const list = await ep.core.listNamespacedConfigMap({ namespace: ns });
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: 60,
    });
    // Real API servers send a bookmark about once a minute and 2 s before the
    // watch times out, so by 58 s here; the simulator much sooner. A real
    // server's watch cache only bookmarks once it has seen the resource move
    // on, so the resource keeps changing meanwhile (elsewhere: no event here).
    const other = await ep.core.createNamespace({
      body: { metadata: { generateName: 'bookmark-' } },
    });
    const namespace = other.metadata!.name!;
    let tick = 0;
    const ticking = setInterval(() => {
      ep.core
        .createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: `tick-${tick++}` } },
        })
        .catch(() => undefined);
    }, 2_000);
    try {
      await eventually(
        async () => w.events.some(e => e.type === 'BOOKMARK'),
        ep.kind === 'real' ? 75_000 : 10_000,
        'a bookmark',
      );
    } finally {
      clearInterval(ticking);
      await ep.core.deleteNamespace({ name: namespace }).catch(() => undefined);
    }
    w.controller.abort();
    const bookmark = w.events.find(e => e.type === 'BOOKMARK')!;
    expect(bookmark.object.kind).toBe('ConfigMap');
    expect(Number(bookmark.rv)).toBeGreaterThanOrEqual(
      Number(list.metadata!.resourceVersion),
    );
  }, 90_000);

  it('ends the stream after timeoutSeconds', async () => {
    const list = await ep.core.listNamespacedConfigMap({ namespace: ns });
    const started = Date.now();
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: list.metadata!.resourceVersion,
      timeoutSeconds: 1,
    });
    await eventually(async () => w.ended(), 10_000, 'stream end');
    expect(w.error()).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('answers a too old resourceVersion with 410 Expired', async () => {
    await ep.compact();
    const w = await record(ep, `/api/v1/namespaces/${ns}/configmaps`, {
      resourceVersion: '1',
    });
    await eventually(
      async () => w.ended() || w.events.some(e => e.type === 'ERROR'),
      10_000,
      '410',
    );
    const err = w.events.find(e => e.type === 'ERROR');
    const code = err
      ? err.object.code
      : (w.error() as any)?.statusCode ?? (w.error() as any)?.code;
    expect(code).toBe(410);
  });

  it('feeds an informer that lists, then watches, then sees changes', async () => {
    const path = `/api/v1/namespaces/${ns}/secrets`;
    const informer = k8s.makeInformer(ep.kc, path, () =>
      ep.core.listNamespacedSecret({ namespace: ns }),
    );
    const names = new Set<string>();
    informer.on('add', o => names.add(o.metadata!.name!));
    informer.on('delete', o => names.delete(o.metadata!.name!));
    await ep.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'before' } },
    });
    await informer.start();
    await ep.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'after' } },
    });
    await eventually(
      async () => names.has('before') && names.has('after'),
      10_000,
      'informer adds',
    );
    await ep.core.deleteNamespacedSecret({ namespace: ns, name: 'before' });
    await eventually(
      async () => !names.has('before'),
      10_000,
      'informer delete',
    );
    expect([...names]).toEqual(['after']);
    await informer.stop();
  });
});

describe('contract: watch replay', () => {
  let ep: ContractEndpoint;
  beforeAll(async () => {
    ep = await contractEndpoint();
  });
  afterAll(() => ep.stop());

  it('replays only events of the watched resource', async () => {
    const ns = await ep.namespace('replay');
    const list = await ep.core.listNamespacedSecret({ namespace: ns });
    // Same name, other kind: its events must not reach a secrets watch.
    await ep.core.createNamespacedConfigMap({
      namespace: ns,
      body: { metadata: { name: 'twin' } },
    });
    await ep.core.deleteNamespacedConfigMap({ namespace: ns, name: 'twin' });
    await ep.core.createNamespacedSecret({
      namespace: ns,
      body: { metadata: { name: 'twin' } },
    });
    const w = await record(ep, `/api/v1/namespaces/${ns}/secrets`, {
      resourceVersion: list.metadata!.resourceVersion,
      fieldSelector: 'metadata.name=twin',
    });
    await eventually(
      async () => w.events.some(e => e.type === 'ADDED'),
      10_000,
      'secret ADDED',
    );
    await new Promise(r => setTimeout(r, 300));
    w.controller.abort();
    expect(
      w.events
        .filter(e => e.type !== 'BOOKMARK')
        .map(e => `${e.type} ${e.object.kind ?? 'Secret'}`),
    ).toEqual(['ADDED Secret']);
  });
});
