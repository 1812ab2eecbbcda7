import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { SandboxReaper } from './SandboxReaper';

jest.setTimeout(30_000);

const managed = (run: string, expires: string) => ({
  labels: { 'kymaros.io/managed-by': 'kymaros-backstage', 'kymaros.io/run': run },
  annotations: { 'kymaros.io/expires-at': expires },
});

describe('SandboxReaper', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let reaper: SandboxReaper;
  const later = new Date(Date.now() + 3600_000).toISOString();
  const earlier = new Date(Date.now() - 60_000).toISOString();

  beforeEach(async () => {
    t = await testSimulator({ scenario: { objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep', namespace: 'orders' } }], backups: [{ name: 'b', includedNamespaces: ['orders'] }] } });
    const kubeconfigPath = path.join(mkdtempSync(path.join(tmpdir(), 'kymaros-')), 'kubeconfig');
    writeFileSync(kubeconfigPath, t.sim.kubeconfigYaml);
    knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    store = await DatabaseKymarosStore.create({ knex });
    reaper = new SandboxReaper({ store, clusters: new ClusterRegistry([{ name: 'sim', kubeconfigPath, veleroNamespace: 'velero' }]), logger: mockServices.logger.mock(), veleroNamespace: () => 'velero' });
    await store.upsertTests([
      { id: 'a', entityRef: 'component:default/a', name: 'a', source: 'annotations', cluster: 'sim' },
      { id: 'b', entityRef: 'component:default/b', name: 'b', source: 'annotations', cluster: 'sim' },
    ]);
  });
  afterEach(async () => {
    await knex.destroy();
    await t.sim.stop();
  });

  it('removes what runs left behind, keeps what a running test uses, and never touches other namespaces', async () => {
    await store.tryStartRun({ testId: 'a', runId: 'ractive', owner: 'x', cluster: 'sim', maxConcurrentPerCluster: 5, leaseMs: 60_000 });
    await t.core.createNamespace({ body: { metadata: { name: 'kymaros-a-active', ...managed('ractive', later) } } });
    await t.core.createNamespace({ body: { metadata: { name: 'kymaros-b-orphan', ...managed('rgone', later) } } });
    await t.core.createNamespace({ body: { metadata: { name: 'kymaros-a-expired', ...managed('ractive', earlier) } } });
    // Looks like a sandbox by name but is not labelled as one: never touched.
    await t.core.createNamespace({ body: { metadata: { name: 'kymaros-lookalike' } } });
    for (const [name, run] of [['kymaros-ractive', 'ractive'], ['kymaros-rgone', 'rgone']]) {
      await t.createVelero('restores', 'Restore', name, { backupName: 'b', includedNamespaces: ['orders'], namespaceMapping: { orders: `x-${run}` } });
      await t.custom.patchNamespacedCustomObject({ ...t.velero('restores'), name, body: { metadata: { labels: { 'kymaros.io/managed-by': 'kymaros-backstage', 'kymaros.io/run': run } } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    }
    const result = await reaper.reap();
    expect(result.deletedSandboxes.sort()).toEqual(['kymaros-a-expired', 'kymaros-b-orphan']);
    expect(result.deletedRestores).toEqual(['kymaros-rgone']);
    const left = (await t.core.listNamespace()).items.map(n => n.metadata!.name);
    expect(left).toEqual(expect.arrayContaining(['kymaros-a-active', 'kymaros-lookalike', 'orders', 'kube-system', 'velero']));
    expect(left).not.toContain('kymaros-b-orphan');
    await t.getVelero('restores', 'kymaros-ractive');
    expect(result.interruptedRuns).toEqual([]);
  });

  it('records a run whose backend stopped as an error report', async () => {
    await store.tryStartRun({ testId: 'b', runId: 'rdead', owner: 'gone', cluster: 'sim', maxConcurrentPerCluster: 5, leaseMs: 1 });
    await store.updateState('b', { step: 'restore' });
    await new Promise(r => setTimeout(r, 20));
    await t.core.createNamespace({ body: { metadata: { name: 'kymaros-b-dead', ...managed('rdead', later) } } });
    const result = await reaper.reap();
    expect(result.interruptedRuns).toEqual(['b']);
    expect(result.deletedSandboxes).toEqual(['kymaros-b-dead']);
    const [report] = await store.listReports('b');
    expect(report.status.result).toBe('error');
    expect(report.status.detail).toMatch(/interrupted: the backend running it stopped at step "restore"/);
    expect((await store.getTest('b'))!.state).toMatchObject({ phase: 'Failed', lastResult: 'error' });
  });
});
