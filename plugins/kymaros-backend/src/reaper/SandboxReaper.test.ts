import type { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import type { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import type { OwnedObject } from '../store/KymarosStore';
import type { SandboxReaper, SandboxReaperOptions } from './SandboxReaper';
import { testEngine } from '../run/__testUtils__/testEngine';
import { simulatorConfig } from '../run/__testUtils__/simulatorCluster';
import { recordingAuditor } from '../util/__testUtils__/recordingAuditor';

jest.setTimeout(30_000);

const forged = (run: string) => ({
  labels: {
    'kymaros.io/managed-by': 'kymaros-backstage',
    'kymaros.io/run': run,
    'kymaros.io/test': 'b',
  },
  annotations: { 'kymaros.io/expires-at': '2000-01-01T00:00:00Z' },
});

describe('SandboxReaper', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let reaper: SandboxReaper;
  let engineReaper: (
    options: Pick<SandboxReaperOptions, 'auditor' | 'observer'>,
  ) => SandboxReaper;
  const later = new Date(Date.now() + 3600_000).toISOString();
  const earlier = new Date(Date.now() - 60_000).toISOString();
  const start = (testId: string, runId: string, leaseMs: number) =>
    store.tryStartRun({
      testId,
      runId,
      owner: 'x',
      cluster: 'sim',
      maxConcurrentPerCluster: 5,
      leaseMs,
      triggeredBy: 'user:default/ann',
    });
  /** A sandbox created and recorded as a run does it. */
  const sandbox = async (
    name: string,
    runId: string,
    testId: string,
    expiresAt = later,
  ) => {
    const record = {
      cluster: 'sim',
      kind: 'Namespace' as const,
      namespace: '',
      name,
    };
    await store.recordObject({
      ...record,
      runId,
      testId,
      expiresAt,
      sourceNamespace: 'orders',
    });
    const ns = await t.core.createNamespace({
      body: { metadata: { name, ...forged(runId) } },
    });
    await store.setObjectUid(record, ns.metadata!.uid!);
  };
  const namespaces = async () =>
    (await t.core.listNamespace()).items
      .filter(n => !n.metadata!.deletionTimestamp)
      .map(n => n.metadata!.name);

  beforeEach(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'keep', namespace: 'orders' },
          },
        ],
        backups: [{ name: 'b', includedNamespaces: ['orders'] }],
      },
    });
    const engine = await testEngine({
      config: simulatorConfig(t),
      logger: mockServices.logger.mock(),
      protectedNamespaces: [],
    });
    knex = engine.knex;
    store = engine.store;
    reaper = engine.reaper({ settleMs: 2_000 });
    engineReaper = options => engine.reaper({ settleMs: 2_000, ...options });
    await store.upsertTests([
      {
        id: 'a',
        entityRef: 'component:default/a',
        name: 'a',
        source: 'annotations',
        cluster: 'sim',
      },
      {
        id: 'b',
        entityRef: 'component:default/b',
        name: 'b',
        source: 'annotations',
        cluster: 'sim',
      },
    ]);
  });
  afterEach(async () => {
    await knex.destroy();
    await t.sim.stop();
  });

  it('removes recorded sandboxes of runs that are over or expired, and keeps those of a running test', async () => {
    await start('a', 'ractive', 60_000);
    await sandbox('kymaros-a-active', 'ractive', 'a');
    await sandbox('kymaros-a-expired', 'ractive', 'a', earlier);
    await sandbox('kymaros-b-orphan', 'rgone', 'b');
    const result = await reaper.reap();
    expect(result.deletedSandboxes.sort()).toEqual([
      'kymaros-a-expired',
      'kymaros-b-orphan',
    ]);
    expect(await namespaces()).toEqual(
      expect.arrayContaining(['kymaros-a-active', 'orders']),
    );
    expect(await namespaces()).not.toContain('kymaros-b-orphan');
    expect((await store.listObjects()).map(r => r.name)).toEqual([
      'kymaros-a-active',
    ]);
  });

  it('records each cleanup pass as an audit event and tells the observer what it deleted', async () => {
    const { audits, auditor } = recordingAuditor();
    const cleanupFinished = jest.fn();
    const audited = engineReaper({ auditor, observer: { cleanupFinished } });
    await sandbox('kymaros-b-orphan', 'rgone', 'b');
    await audited.reap();
    expect(audits).toEqual([
      {
        options: {
          eventId: 'sandbox-cleanup',
          severityLevel: 'medium',
          meta: {
            actor: 'reaper',
            cluster: 'sim',
            runs: ['rgone'],
            objects: ['Namespace/kymaros-b-orphan'],
          },
        },
        ended: {
          as: 'success',
          meta: {
            deletedSandboxes: ['kymaros-b-orphan'],
            deletedRestores: [],
            left: [],
          },
        },
      },
    ]);
    expect(cleanupFinished).toHaveBeenCalledWith(
      expect.objectContaining({
        by: 'reaper',
        cluster: 'sim',
        deletedSandboxes: ['kymaros-b-orphan'],
        errors: [],
      }),
    );
    // Nothing left to delete: no record of an empty pass.
    await audited.reap();
    expect(audits).toHaveLength(1);
  });

  it('never deletes a namespace that only carries forged labels, a look-alike name or a recorded name re-created by someone else', async () => {
    // A production namespace with every label and annotation a sandbox has, expired long ago.
    await t.core.createNamespace({
      body: { metadata: { name: 'payments', ...forged('rgone') } },
    });
    // A look-alike of a sandbox name, unlabelled.
    await t.core.createNamespace({
      body: { metadata: { name: 'kymaros-b-abc123' } },
    });
    // A recorded sandbox, deleted and re-created under the same name by someone else.
    await sandbox('kymaros-b-reused', 'rgone', 'b');
    await t.core.deleteNamespace({ name: 'kymaros-b-reused' });
    while (
      (await t.core.listNamespace()).items.some(
        n => n.metadata!.name === 'kymaros-b-reused',
      )
    )
      await new Promise(r => setTimeout(r, 50));
    const theirs = await t.core.createNamespace({
      body: { metadata: { name: 'kymaros-b-reused', ...forged('rgone') } },
    });

    const result = await reaper.reap();
    expect(result.deletedSandboxes).toEqual([]);
    expect(await namespaces()).toEqual(
      expect.arrayContaining([
        'payments',
        'kymaros-b-abc123',
        'kymaros-b-reused',
      ]),
    );
    const reused = await t.core.readNamespace({ name: 'kymaros-b-reused' });
    expect(reused.metadata!.uid).toBe(theirs.metadata!.uid);
    expect(reused.metadata!.deletionTimestamp).toBeUndefined();
    // The stale record is forgotten, so later passes do not look at it again.
    expect(await store.listObjects()).toEqual([]);
    await reaper.reap();
    expect(await namespaces()).toEqual(
      expect.arrayContaining(['payments', 'kymaros-b-reused']),
    );
  });

  it('deletes a sandbox whose uid was never recorded only if it was created after its record', async () => {
    const intent = (name: string): Omit<OwnedObject, 'uid' | 'createdAt'> => ({
      cluster: 'sim',
      kind: 'Namespace',
      namespace: '',
      name,
      runId: 'rgone',
      testId: 'b',
      expiresAt: later,
    });
    // Existed before the record was written: someone else's, even though the name matches.
    await t.core.createNamespace({
      body: { metadata: { name: 'kymaros-b-old' } },
    });
    await store.recordObject(intent('kymaros-b-old'));
    await knex('owned_objects')
      .where('name', 'kymaros-b-old')
      .update({ created_at: new Date(Date.now() + 60_000) });
    await store.recordObject(intent('kymaros-b-crashed'));
    await t.core.createNamespace({
      body: { metadata: { name: 'kymaros-b-crashed' } },
    });
    const result = await reaper.reap();
    expect(result.deletedSandboxes).toEqual(['kymaros-b-crashed']);
    expect(await namespaces()).toContain('kymaros-b-old');
  });

  it('deletes a recorded restore of a dead run, and never a restore that only carries our labels', async () => {
    for (const name of ['kymaros-rgone', 'kymaros-rforged']) {
      await t.createVelero('restores', 'Restore', name, {
        backupName: 'b',
        includedNamespaces: ['orders'],
        namespaceMapping: { orders: 'x' },
      });
    }
    const live = await t.getVelero('restores', 'kymaros-rgone');
    const key = {
      cluster: 'sim',
      kind: 'Restore' as const,
      namespace: '',
      name: 'kymaros-rgone',
    };
    await store.recordObject({
      ...key,
      provider: 'velero',
      runId: 'rgone',
      testId: 'b',
      expiresAt: later,
    });
    await store.setObjectUid(key, live.metadata.uid);
    const result = await reaper.reap();
    expect(result.deletedRestores).toEqual(['kymaros-rgone']);
    await expect(
      t.getVelero('restores', 'kymaros-rgone'),
    ).rejects.toMatchObject({ code: 404 });
    await t.getVelero('restores', 'kymaros-rforged');
  });

  it('records a run whose backend stopped as an error report, once across replicas, with who triggered it and its sandboxes', async () => {
    await start('b', 'rdead', 1);
    await store.updateState('b', { step: 'restore' });
    await sandbox('kymaros-b-dead', 'rdead', 'b');
    await new Promise(r => setTimeout(r, 20));
    const [first, second] = await Promise.all([reaper.reap(), reaper.reap()]);
    expect([...first.interruptedRuns, ...second.interruptedRuns]).toEqual([
      'b',
    ]);
    expect(await namespaces()).not.toContain('kymaros-b-dead');
    const reports = await store.listReports('b');
    expect(reports).toHaveLength(1);
    expect(reports[0].status).toMatchObject({
      result: 'error',
      triggeredBy: 'user:default/ann',
      sandboxes: [{ source: 'orders', sandbox: 'kymaros-b-dead' }],
    });
    expect(reports[0].status.detail).toMatch(
      /interrupted: the backend running it stopped at step "restore"/,
    );
    expect((await store.getTest('b'))!.state).toMatchObject({
      phase: 'Failed',
      lastResult: 'error',
      lastReportName: reports[0].metadata.name,
    });
  });

  it('reports a queued run of a dead backend as interrupted before it started, and keeps going when one report fails', async () => {
    await start('a', 'rqueued', 1);
    await store.updateState('a', {
      step: 'waiting for a free slot in cluster sim',
    });
    await start('b', 'rdead', 1);
    await new Promise(r => setTimeout(r, 20));
    const insert = jest
      .spyOn(store, 'insertReport')
      .mockRejectedValueOnce(new Error('database is locked'));
    const result = await reaper.reap();
    insert.mockRestore();
    expect(result.interruptedRuns.sort()).toEqual(['a', 'b']);
    expect((await store.getTest('a'))!.state.phase).toBe('Failed');
    expect((await store.getTest('b'))!.state.phase).toBe('Failed');
    const [queued] = await store.listReports('a');
    expect(queued.status.detail).toMatch(
      /while it waited for a free cluster slot/,
    );
  });
});
