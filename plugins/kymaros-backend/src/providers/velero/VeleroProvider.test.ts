import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { VeleroProvider } from './VeleroProvider';

jest.setTimeout(60_000);

const objects = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'shop' },
    data: { a: '1' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'shop' },
    stringData: { p: 'x' },
  },
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'shop-db' },
    data: { b: '2' },
  },
  {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: 'broken',
      namespace: 'other',
      annotations: { 'sim.kymaros.io/restore-error': 'quota exceeded' },
    },
    stringData: { p: 'x' },
  },
];

describe('VeleroProvider', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: VeleroProvider;
  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects,
        backups: [
          {
            name: 'shop-old',
            includedNamespaces: ['shop', 'shop-db'],
            age: '30h',
          },
          {
            name: 'shop-new',
            includedNamespaces: ['shop', 'shop-db'],
            age: '2h',
          },
          { name: 'shop-only', includedNamespaces: ['shop'], age: '1h' },
          {
            name: 'shop-failed',
            includedNamespaces: ['shop', 'shop-db'],
            age: '10m',
            phase: 'Failed',
          },
          { name: 'other', includedNamespaces: ['other'], age: '1h' },
          {
            name: 'hangs',
            includedNamespaces: ['shop'],
            age: '5h',
            annotations: { 'sim.kymaros.io/restore-outcome': 'stuck' },
          },
          {
            name: 'other-broken',
            includedNamespaces: ['other'],
            age: '50m',
            annotations: {
              'sim.kymaros.io/restore-outcome': 'Failed',
              'sim.kymaros.io/failure-reason': 'error downloading backup',
            },
          },
        ],
      },
    });
    provider = new VeleroProvider({
      kubeConfig: t.kc,
      namespace: 'velero',
      logger: mockServices.logger.mock(),
    });
  });
  afterAll(() => t.sim.stop());

  it('picks the newest eligible backup that covers every namespace of the test', async () => {
    expect((await provider.getLatestBackup(['shop', 'shop-db']))?.name).toBe(
      'shop-new',
    );
    expect((await provider.getLatestBackup(['shop']))?.name).toBe('shop-only');
    expect(await provider.getLatestBackup(['nowhere'])).toBeUndefined();
    const all = await provider.listBackups(['shop', 'shop-db']);
    expect(all.map(b => b.name)).toEqual(['shop-new', 'shop-old']);
  });

  it('reads the contents of a backup per namespace', async () => {
    const backup = (await provider.getBackup('shop-new'))!;
    const sizeBefore = backup.size;
    const { items, size } = await provider.getBackupContents(backup);
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
        { apiVersion: 'v1', kind: 'Namespace', name: 'shop' },
      ]),
    );
    expect(size).toMatch(/^\d+(\.\d)? (B|KiB|MiB)$/);
    // The size is returned; the caller's backup is left as it was.
    expect(backup.size).toBe(sizeBefore);
    // The DownloadRequests it made are gone.
    const drs: any = await t.custom.listNamespacedCustomObject(
      t.velero('downloadrequests'),
    );
    expect(drs.items).toHaveLength(0);
  });

  it('restores into the mapped namespaces only, waits by watch, and reports Velero timestamps', async () => {
    for (const ns of ['sb-shop', 'sb-shop-db'])
      await t.core.createNamespace({ body: { metadata: { name: ns } } });
    const backup = (await provider.getBackup('shop-new'))!;
    const handle = await provider.triggerRestore(
      backup,
      { shop: 'sb-shop', 'shop-db': 'sb-shop-db' },
      { runId: 'r1', name: 'kymaros-r1', labels: { 'kymaros.io/run': 'r1' } },
    );
    const stored = await t.getVelero('restores', handle.id);
    expect(stored.spec.includedNamespaces).toEqual(['shop', 'shop-db']);
    expect(stored.spec.namespaceMapping).toEqual({
      shop: 'sb-shop',
      'shop-db': 'sb-shop-db',
    });
    expect(stored.status).toBeUndefined();
    const phases: string[] = [];
    let seenInProgress = 0;
    const outcome = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(30_000),
      onProgress: p => {
        phases.push(p.phase);
        if (p.phase === 'InProgress') seenInProgress ||= Date.now();
      },
    });
    expect(outcome.phase).toBe('Completed');
    expect(outcome.completedAt).toBeDefined();
    // Seen by watch within Velero's whole-second start: the start keeps its milliseconds.
    const { status } = await t.getVelero('restores', handle.id);
    const startSecond = Date.parse(status.startTimestamp);
    const started = Date.parse(outcome.startedAt!);
    expect(started).toBeGreaterThanOrEqual(startSecond);
    expect(started).toBeLessThan(startSecond + 1000);
    expect(phases).toContain('InProgress');
    expect(Math.abs(started - seenInProgress)).toBeLessThan(100);
    expect(outcome.items).toBeUndefined();
    const { items } = await provider.readRestoreResults(
      handle,
      AbortSignal.timeout(30_000),
    );
    expect(
      items?.some(
        i =>
          i.kind === 'ConfigMap' &&
          i.namespace === 'sb-shop' &&
          i.outcome === 'created',
      ),
    ).toBe(true);
    expect(
      await t.core.readNamespacedConfigMap({
        namespace: 'sb-shop-db',
        name: 'cfg',
      }),
    ).toBeDefined();
    await expect(
      provider.cleanupRestore({ ...handle, uid: handle.uid! }),
    ).resolves.toBe('deleted');
    await expect(t.getVelero('restores', handle.id)).rejects.toMatchObject({
      code: 404,
    });
    // idempotent
    await expect(
      provider.cleanupRestore({ ...handle, uid: handle.uid! }),
    ).resolves.toBe('gone');
  });

  it('never deletes a restore of the same name that it did not create (uid differs)', async () => {
    await t.createVelero('restores', 'Restore', 'kymaros-r9', {
      backupName: 'shop-new',
      includedNamespaces: ['shop'],
    });
    const live = (await provider.findRestore('kymaros-r9'))!;
    await expect(
      provider.cleanupRestore({
        id: 'kymaros-r9',
        provider: 'velero',
        uid: 'a-uid-recorded-for-an-earlier-object',
      }),
    ).resolves.toBe('not-ours');
    expect((await t.getVelero('restores', 'kymaros-r9')).metadata.uid).toBe(
      live.uid,
    );
  });

  it('reports PartiallyFailed with the item error, and Failed with its reason', async () => {
    await t.core.createNamespace({ body: { metadata: { name: 'sb-other' } } });
    const partial = await provider.triggerRestore(
      (await provider.getBackup('other'))!,
      { other: 'sb-other' },
      { runId: 'r2', name: 'kymaros-r2', labels: {} },
    );
    const p = await provider.waitForRestore(partial, {
      signal: AbortSignal.timeout(30_000),
    });
    expect(p.phase).toBe('PartiallyFailed');
    expect(p.errors).toBe(1);
    const results = await provider.readRestoreResults(
      partial,
      AbortSignal.timeout(30_000),
    );
    expect(results.messages.join()).toContain('quota exceeded');
    expect(results.items?.find(i => i.name === 'broken')?.outcome).toBe(
      'failed',
    );
    const restoreLog = await provider.readRestoreLog(
      partial,
      AbortSignal.timeout(30_000),
    );
    expect(restoreLog.errors).toEqual([
      expect.stringMatching(/^sb-other: error restoring .*quota exceeded/),
    ]);
    expect(restoreLog.log).toMatch(/level=info msg="starting restore"/);
    expect(restoreLog.log).toMatch(
      /level=error msg="Namespace sb-other, resource restore error: error restoring .*quota exceeded/,
    );
    const failed = await provider.triggerRestore(
      (await provider.getBackup('other-broken'))!,
      { other: 'sb-other' },
      { runId: 'r3', name: 'kymaros-r3', labels: {} },
    );
    const f = await provider.waitForRestore(failed, {
      signal: AbortSignal.timeout(30_000),
    });
    expect(f).toMatchObject({
      phase: 'Failed',
      messages: ['error downloading backup'],
    });
    const failedLog = await provider.readRestoreLog(
      failed,
      AbortSignal.timeout(30_000),
    );
    expect(failedLog.log).toMatch(
      /level=error msg="restore failed: error downloading backup"/,
    );
  });

  it('reports FailedValidation for a backup that disappeared', async () => {
    const ghost = {
      ...(await provider.getBackup('shop-old'))!,
      name: 'deleted-meanwhile',
    };
    const handle = await provider.triggerRestore(
      ghost,
      { shop: 'sb-shop' },
      { runId: 'r4', name: 'kymaros-r4', labels: {} },
    );
    const outcome = await provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(30_000),
    });
    expect(outcome.phase).toBe('FailedValidation');
    expect(outcome.startedAt).toBeUndefined();
    expect(outcome.messages[0]).toContain('deleted-meanwhile');
  });

  it('stops waiting when the signal aborts and when the restore is deleted', async () => {
    const handle = await provider.triggerRestore(
      (await provider.getBackup('hangs'))!,
      { shop: 'sb-hang' },
      { runId: 'r5', name: 'kymaros-r5', labels: {} },
    );
    await expect(
      provider.waitForRestore(handle, { signal: AbortSignal.timeout(300) }),
    ).rejects.toThrow();
    const waiting = provider.waitForRestore(handle, {
      signal: AbortSignal.timeout(30_000),
    });
    await provider.cleanupRestore({ ...handle, uid: handle.uid! });
    await expect(waiting).rejects.toThrow(/was deleted while being waited for/);
  });

  it('only writes where it says it does', () => {
    expect(provider.ownedObjects).toEqual([
      { namespace: 'velero', group: 'velero.io', plural: 'restores' },
      { namespace: 'velero', group: 'velero.io', plural: 'downloadrequests' },
      // Velero's own configuration is in ConfigMaps there too: only Kymaros' names.
      {
        namespace: 'velero',
        group: '',
        plural: 'configmaps',
        namePrefix: 'kymaros-',
      },
      // On-demand backups: only created, never changed or deleted.
      {
        namespace: 'velero',
        group: 'velero.io',
        plural: 'backups',
        namePrefix: 'kymaros-',
        createOnly: true,
      },
    ]);
  });
});
