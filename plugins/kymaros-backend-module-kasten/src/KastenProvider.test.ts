import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
// The engine's own write guard, which wraps every provider's kubeconfig; not part of its public API.
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { WriteGuard } from '@kymaros/plugin-kymaros-backend/src/sandbox/WriteGuard';
// eslint-disable-next-line @backstage/no-forbidden-package-imports
import { guardedKubeConfig } from '@kymaros/plugin-kymaros-backend/src/sandbox/guardedKubeConfig';
import { KastenProvider } from './KastenProvider';

jest.setTimeout(60_000);

const configMap = (namespace: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cfg', namespace },
  data,
});

const outcome = 'sim.kymaros.io/restore-outcome';

const scenario = {
  objects: [
    configMap('shop', { a: '1' }),
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'db', namespace: 'shop' },
      stringData: { p: 'x' },
    },
    configMap('shop-db', { b: '2' }),
    ...['flaky', 'failing', 'stuck', 'retired'].map(ns =>
      configMap(ns, { c: '3' }),
    ),
  ],
  kasten: {
    policies: [
      {
        name: 'shop-backup',
        namespaces: ['shop', 'shop-db'],
        exportProfile: 'minio',
        retention: { hourly: 24, daily: 7 },
        runs: [
          { age: '30h' },
          { age: '2h' },
          { age: '10m', failed: 'snapshot of volume data failed' },
        ],
      },
      { name: 'shop-only', namespaces: ['shop'], runs: [{ age: '1h' }] },
      {
        name: 'flaky',
        namespaces: ['flaky'],
        runs: [{ age: '1h', annotations: { [outcome]: 'fail-once' } }],
      },
      {
        name: 'failing',
        namespaces: ['failing'],
        runs: [
          {
            age: '1h',
            annotations: {
              [outcome]: 'Failed',
              'sim.kymaros.io/failure-reason': 'location profile unreachable',
            },
          },
        ],
      },
      {
        name: 'stuck',
        namespaces: ['stuck'],
        runs: [{ age: '1h', annotations: { [outcome]: 'stuck' } }],
      },
      {
        name: 'retired',
        namespaces: ['retired'],
        runs: [{ age: '1h', state: 'Retiring' }],
      },
    ],
  },
};

describe('KastenProvider', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: KastenProvider;
  const sandboxes: string[] = [];
  const makeSandbox = async (name: string) => {
    await t.core.createNamespace({ body: { metadata: { name } } });
    sandboxes.push(name);
    return name;
  };
  const restorePointContents = async () =>
    (
      (await t.custom.listClusterCustomObject({
        group: 'apps.kio.kasten.io',
        version: 'v1alpha1',
        plural: 'restorepointcontents',
      })) as any
    ).items.map((c: any) => c.metadata.uid);
  const action = (namespace: string, name: string) =>
    t.custom
      .getNamespacedCustomObject({
        group: 'actions.kio.kasten.io',
        version: 'v1alpha1',
        namespace,
        plural: 'restoreactions',
        name,
      })
      .then(
        (a: any) => a,
        () => undefined,
      );

  beforeAll(async () => {
    t = await testSimulator({ scenario });
    provider = new KastenProvider({
      kubeConfig: t.kc,
      namespace: 'kasten-io',
      logger: mockServices.logger.mock(),
      pollIntervalMs: 50,
    });
  });
  afterAll(() => t.sim.stop());

  it('lists sets of one policy run covering every namespace, exported copies first, newest first', async () => {
    const all = await provider.listBackups(['shop', 'shop-db']);
    expect(all).toHaveLength(2);
    expect(all.map(b => b.storageLocation)).toEqual(['minio', 'minio']);
    expect(all[0].includedNamespaces).toEqual(['shop', 'shop-db']);
    expect(all[0].name).toMatch(/^shop\/scheduled-\w+,shop-db\/scheduled-\w+$/);
    expect(Date.parse(all[0].completedAt!)).toBeGreaterThan(
      Date.parse(all[1].completedAt!),
    );
    expect(all[0].phase).toBe('Bound');
    expect(all[0].size).toMatch(/^\d+(\.\d)? (B|KiB)$/);
    // For shop alone, the newer single-namespace run wins; it has no exported copy.
    const latest = await provider.getLatestBackup(['shop']);
    expect(latest?.storageLocation).toBe('local snapshot');
    expect(await provider.listBackups(['shop'])).toHaveLength(3);
  });

  it('prefers local copies when told to, and never lists restore points whose content is not Bound', async () => {
    const local = new KastenProvider({
      kubeConfig: t.kc,
      namespace: 'kasten-io',
      logger: mockServices.logger.mock(),
      preferExported: false,
    });
    const sets = await local.listBackups(['shop', 'shop-db']);
    expect(sets.map(b => b.storageLocation)).toEqual([
      'local snapshot',
      'local snapshot',
    ]);
    expect(await provider.listBackups(['retired'])).toEqual([]);
    expect(await provider.listBackups(['nowhere'])).toEqual([]);
  });

  it('reads a backup back by name, and names what is wrong with a malformed name', async () => {
    const [latest] = await provider.listBackups(['shop', 'shop-db']);
    expect(await provider.getBackup(latest.name)).toEqual(latest);
    expect(await provider.getBackup('shop/missing')).toBeUndefined();
    // Without "/", a name is an on-demand run's: there is none of that name.
    expect(await provider.getBackup('shop-without-point')).toBeUndefined();
    await expect(provider.getBackup('shop/a/b')).rejects.toThrow(
      /"shop\/a\/b" is not a Kasten backup name/,
    );
    await expect(provider.getBackup('shop/a,shop/b')).rejects.toThrow(
      /two restore points of namespace shop/,
    );
  });

  it('reads the contents of each restore point from its details', async () => {
    const [latest] = await provider.listBackups(['shop', 'shop-db']);
    const { items, size } = await provider.getBackupContents(latest);
    expect(items).toEqual(
      expect.arrayContaining([
        { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop', name: 'cfg' },
        { apiVersion: 'v1', kind: 'Secret', namespace: 'shop', name: 'db' },
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          namespace: 'shop-db',
          name: 'cfg',
        },
      ]),
    );
    expect(items.some(i => i.kind === 'RestorePoint')).toBe(false);
    expect(size).toBe(latest.size);
  });

  it('restores two namespaces into their sandboxes with exclusions and edits, and reports K10 times', async () => {
    const [latest] = await provider.listBackups(['shop', 'shop-db']);
    const a = await makeSandbox('sb-b-shop');
    const b = await makeSandbox('sb-a-shop-db');
    const progress: string[] = [];
    const handle = await provider.triggerRestore(
      latest,
      { shop: a, 'shop-db': b },
      {
        runId: 'r1',
        name: 'kymaros-r1',
        labels: { 'kymaros.io/run': 'r1' },
        transforms: {
          excludedResources: ['secrets'],
          edits: [
            {
              resource: 'configmaps',
              namespace: 'shop',
              name: 'cfg',
              mergePatch: { data: { a: 'sandboxed' } },
            },
            {
              resource: 'configmaps',
              namespace: 'shop-db',
              when: [{ path: '/data/b', value: 'not-2' }],
              mergePatch: { data: { b: 'must not apply' } },
            },
          ],
        },
      },
    );
    expect(handle.sandboxes).toEqual([b, a]);
    const first = await action(b, 'kymaros-r1');
    expect(handle.uid).toBe(first.metadata.uid);
    expect(first.spec).toEqual({
      subject: {
        apiVersion: 'apps.kio.kasten.io/v1alpha1',
        kind: 'RestorePoint',
        name: latest.name.split(',')[1].split('/')[1],
        namespace: 'shop-db',
      },
      targetNamespace: b,
      filters: { excludeResources: [{ resource: 'secrets' }] },
      transforms: [
        {
          subject: { resource: 'configmaps' },
          name: 'kymaros-edit-1',
          json: [
            { op: 'test', path: '/data/b', value: 'not-2' },
            { op: 'add', path: '/data/b', value: 'must not apply' },
          ],
        },
      ],
    });
    expect(first.metadata.labels).toEqual({ 'kymaros.io/run': 'r1' });
    const result = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(20_000),
      onProgress: p => progress.push(p.phase),
    });
    expect(result).toMatchObject({
      phase: 'Completed',
      providerPhase: 'Complete',
      errors: 0,
      messages: [],
    });
    // The actions' own times: the earliest start and the latest end.
    const done = [await action(a, 'kymaros-r1'), await action(b, 'kymaros-r1')];
    expect(result.startedAt).toBe(done.map(d => d.status.startTime).sort()[0]);
    expect(result.completedAt).toBe(done.map(d => d.status.endTime).sort()[1]);
    expect(Date.parse(result.startedAt!)).toBeLessThanOrEqual(
      Date.parse(result.completedAt!),
    );
    expect(progress.some(p => p.startsWith('Running ('))).toBe(true);
    const restored = await t.core.readNamespacedConfigMap({
      name: 'cfg',
      namespace: a,
    });
    expect(restored.data).toEqual({ a: 'sandboxed' });
    const other = await t.core.readNamespacedConfigMap({
      name: 'cfg',
      namespace: b,
    });
    expect(other.data).toEqual({ b: '2' });
    await expect(
      t.core.readNamespacedSecret({ name: 'db', namespace: a }),
    ).rejects.toThrow();
  });

  it('reports attempts K10 retried, and a failed restore with K10 words', async () => {
    const [flaky] = await provider.listBackups(['flaky']);
    const sandbox = await makeSandbox('sb-flaky');
    const handle = await provider.triggerRestore(
      flaky,
      { flaky: sandbox },
      { runId: 'r2', name: 'kymaros-r2', labels: {} },
    );
    const retried = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(20_000),
    });
    expect(retried).toMatchObject({
      phase: 'Completed',
      warnings: 1,
      errors: 0,
    });
    expect(retried.messages).toEqual([
      'sb-flaky: attempt 1 failed: simulated restore failure',
    ]);

    const [failing] = await provider.listBackups(['failing']);
    const failSandbox = await makeSandbox('sb-failing');
    const failed = await provider.waitForRestore(
      await provider.triggerRestore(
        failing,
        { failing: failSandbox },
        { runId: 'r3', name: 'kymaros-r3', labels: {} },
      ),
      { signal: AbortSignal.timeout(20_000) },
    );
    expect(failed).toMatchObject({
      phase: 'Failed',
      providerPhase: 'Failed',
      errors: 1,
    });
    expect(failed.messages[0]).toBe('sb-failing: location profile unreachable');
    expect(failed.messages).toHaveLength(4); // the final error and three attempts
  });

  it('gives up on a restore stuck Running when the signal ends, then cleans it up after settling', async () => {
    const [stuck] = await provider.listBackups(['stuck']);
    const sandbox = await makeSandbox('sb-stuck');
    const handle = await provider.triggerRestore(
      stuck,
      { stuck: sandbox },
      { runId: 'r4', name: 'kymaros-r4', labels: {} },
    );
    await expect(
      provider.waitForRestore(handle, { signal: AbortSignal.timeout(1500) }),
    ).rejects.toThrow();
    expect((await action(sandbox, 'kymaros-r4')).status.state).toBe('Running');
    const started = Date.now();
    expect(
      await provider.cleanupRestore(
        { ...handle, uid: handle.uid! },
        { settle: AbortSignal.timeout(500) },
      ),
    ).toBe('deleted');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await action(sandbox, 'kymaros-r4')).toBeUndefined();
  });

  it('cleans up only actions with its uid, in every sandbox, and never restore point contents', async () => {
    const contentsBefore = await restorePointContents();
    const [latest] = await provider.listBackups(['shop', 'shop-db']);
    const a = await makeSandbox('sb-c-shop');
    const b = await makeSandbox('sb-c-shop-db');
    const handle = await provider.triggerRestore(
      latest,
      { shop: a, 'shop-db': b },
      { runId: 'r5', name: 'kymaros-r5', labels: {} },
    );
    await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(20_000),
    });
    const where = { sandboxes: [b, a] };
    expect(await provider.findRestore('kymaros-r5', where)).toEqual({
      uid: handle.uid,
      createdAt: expect.any(String),
    });
    expect(await provider.findRestore('kymaros-r5')).toBeUndefined();
    expect(
      await provider.cleanupRestore({ ...handle, uid: 'someone-else' }),
    ).toBe('not-ours');
    expect(await action(a, 'kymaros-r5')).toBeDefined();
    expect(await provider.cleanupRestore({ ...handle, uid: handle.uid! })).toBe(
      'deleted',
    );
    expect(await action(a, 'kymaros-r5')).toBeUndefined();
    expect(await action(b, 'kymaros-r5')).toBeUndefined();
    expect(await provider.cleanupRestore({ ...handle, uid: handle.uid! })).toBe(
      'gone',
    );
    expect(await restorePointContents()).toEqual(contentsBefore);
  });

  it('refuses what it cannot restore faithfully, naming it', async () => {
    const [latest] = await provider.listBackups(['shop', 'shop-db']);
    await expect(
      provider.triggerRestore(
        latest,
        { shop: 'sb-x' },
        {
          runId: 'r6',
          name: 'kymaros-r6',
          labels: {},
          labelSelector: { app: 'web' },
        },
      ),
    ).rejects.toThrow(
      /cannot be narrowed by label selector \(\{"app":"web"\}\)/,
    );
    await expect(
      provider.triggerRestore(
        latest,
        { billing: 'sb-x' },
        { runId: 'r6', name: 'kymaros-r6', labels: {} },
      ),
    ).rejects.toThrow(/has no restore point of namespace billing/);
    await expect(
      provider.triggerRestore(
        latest,
        { shop: 'sb-x' },
        {
          runId: 'r6',
          name: 'kymaros-r6',
          labels: {},
          transforms: {
            excludedResources: [],
            edits: [{ resource: 'configmaps', namespace: 'shop' }],
          },
        },
      ),
    ).rejects.toThrow(/exactly one of jsonPatch and mergePatch/);
  });

  it('cannot write a RestoreAction outside the sandboxes its guard allows', async () => {
    const guard = new WriteGuard();
    const sandbox = await makeSandbox('sb-guarded');
    guard.allowSandbox(sandbox);
    const guarded = new KastenProvider({
      kubeConfig: guardedKubeConfig(t.kc, guard),
      namespace: 'kasten-io',
      logger: mockServices.logger.mock(),
      pollIntervalMs: 50,
    });
    guard.allowOwned(guarded.ownedObjects);
    // On-demand RunActions are created, never changed or deleted.
    const runActions =
      '/apis/actions.kio.kasten.io/v1alpha1/namespaces/kasten-io/runactions';
    expect(
      guard.check('POST', runActions, { metadata: { name: 'kymaros-b1' } }),
    ).toBeUndefined();
    for (const method of ['DELETE', 'PATCH', 'PUT'])
      expect(guard.check(method, `${runActions}/kymaros-b1`)).toMatch(
        /refused/,
      );
    const [latest] = await guarded.listBackups(['shop', 'shop-db']);
    // Hostile mapping: the second namespace "restored" into production.
    await expect(
      guarded.triggerRestore(
        latest,
        { shop: sandbox, 'shop-db': 'shop' },
        { runId: 'r7', name: 'kymaros-r7', labels: {} },
      ),
    ).rejects.toThrow(/refused to write outside its sandboxes/);
    expect(await action('shop', 'kymaros-r7')).toBeUndefined();
    // What it created before the refusal is removed again.
    expect(await action(sandbox, 'kymaros-r7')).toBeUndefined();
    // A handle naming a production namespace cannot delete there either.
    await t.custom.createNamespacedCustomObject({
      group: 'actions.kio.kasten.io',
      version: 'v1alpha1',
      namespace: 'shop',
      plural: 'restoreactions',
      body: {
        apiVersion: 'actions.kio.kasten.io/v1alpha1',
        kind: 'RestoreAction',
        metadata: { name: 'kymaros-r8' },
        spec: { targetNamespace: 'shop' },
      },
    });
    const planted = await action('shop', 'kymaros-r8');
    await expect(
      guarded.cleanupRestore({
        id: 'kymaros-r8',
        provider: 'kasten',
        uid: planted.metadata.uid,
        sandboxes: ['shop'],
      }),
    ).rejects.toThrow(/refused to write outside its sandboxes/);
    expect(await action('shop', 'kymaros-r8')).toBeDefined();
    // Its own RunActions may be written only with its prefix.
    expect(
      guard.check(
        'POST',
        '/apis/actions.kio.kasten.io/v1alpha1/namespaces/kasten-io/runactions',
        { metadata: { name: 'policy-run-x' } },
      ),
    ).toMatch(/does not start with "kymaros-"/);
  });

  it('lists the policies that back up the namespaces, with their last runs', async () => {
    const schedules = await provider.listSchedules(['shop-db', 'elsewhere']);
    expect(schedules).toEqual([
      {
        provider: 'kasten',
        name: 'shop-backup',
        namespace: 'kasten-io',
        kind: 'Policy',
        cron: '@hourly',
        paused: false,
        retention: 'keep 24 hourly, 7 daily',
        namespaces: ['shop-db'],
        lastSuccess: { backup: expect.any(String), at: expect.any(String) },
        lastFailure: {
          backup: expect.any(String),
          at: expect.any(String),
          reason: 'snapshot of volume data failed',
        },
      },
    ]);
    expect(Date.parse(schedules[0].lastFailure!.at)).toBeGreaterThan(
      Date.parse(schedules[0].lastSuccess!.at),
    );
  });
  it('backs up on demand by running the policy that covers every namespace, and names what no policy covers', async () => {
    const started = await provider.createBackup(['shop', 'shop-db'], {
      name: 'kymaros-backup-1',
      labels: { 'kymaros.io/test': 'shop' },
    });
    expect(started).toMatchObject({
      name: 'kymaros-backup-1',
      provider: 'kasten',
      includedNamespaces: ['shop', 'shop-db'],
    });
    const run: any = await t.custom.getNamespacedCustomObject({
      group: 'actions.kio.kasten.io',
      version: 'v1alpha1',
      namespace: 'kasten-io',
      plural: 'runactions',
      name: 'kymaros-backup-1',
    });
    expect(run.spec.subject).toMatchObject({
      kind: 'Policy',
      name: 'shop-backup',
    });
    expect(run.metadata.labels).toEqual({ 'kymaros.io/test': 'shop' });
    for (let i = 0; i < 100; i++) {
      if ((await provider.getBackup('kymaros-backup-1'))?.phase === 'Completed')
        break;
      await new Promise(r => setTimeout(r, 50));
    }
    expect((await provider.getBackup('kymaros-backup-1'))?.phase).toBe(
      'Completed',
    );
    // Its restore points are now the newest set, exported copies as usual.
    const [newest] = await provider.listBackups(['shop', 'shop-db']);
    expect(newest.name).toMatch(
      /^shop\/manual-\w+-export,shop-db\/manual-\w+-export$/,
    );
    await expect(
      provider.createBackup(['shop', 'failing'], {
        name: 'kymaros-backup-2',
        labels: {},
      }),
    ).rejects.toThrow(
      /No Kasten policy in kasten-io backs up every one of shop, failing \(.*shop-backup covers shop, shop-db/,
    );
    await expect(
      provider.createBackup(['shop'], { name: 'backup-2', labels: {} }),
    ).rejects.toThrow(/must start with "kymaros-"/);
    await expect(
      provider.createBackup(['shop'], {
        name: 'kymaros-backup-3',
        labels: {},
        schedule: { name: 'flaky', namespace: 'kasten-io' },
      }),
    ).rejects.toThrow(/Policy flaky does not back up every one of shop/);
  });
  it('follows a restore by watch, and by reading the actions when K10 refuses the watch', async () => {
    const [shop] = await provider.listBackups(['shop']);
    const restoreWith = async (sandbox: string, pollIntervalMs: number) => {
      const watcher = new KastenProvider({
        kubeConfig: t.kc,
        namespace: 'kasten-io',
        logger: mockServices.logger.mock(),
        pollIntervalMs,
      });
      const handle = await watcher.triggerRestore(
        shop,
        { shop: await makeSandbox(sandbox) },
        { runId: sandbox, name: `kymaros-${sandbox}`, labels: {} },
      );
      return watcher.waitForRestore(handle, {
        signal: AbortSignal.timeout(15_000),
      });
    };
    // Reading only once a minute, it still sees the end within seconds: events woke it.
    expect((await restoreWith('sb-watched', 60_000)).phase).toBe('Completed');
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
      path: '^/apis/actions\\.kio\\.kasten\\.io/v1alpha1/namespaces/sb-polled/restoreactions$',
      method: 'GET',
      status: 503,
    });
    try {
      expect((await restoreWith('sb-polled', 100)).phase).toBe('Completed');
    } finally {
      await simulatorAdmin(t.kc, 'DELETE', '/simulator/v1/faults');
    }
  });
});
