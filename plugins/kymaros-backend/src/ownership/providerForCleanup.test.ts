import * as k8s from '@kubernetes/client-node';
import knexFactory from 'knex';
import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  BackupProvider,
  RestoreCleanupResult,
  RestoreHandle,
  RestoreLocation,
} from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { cleanupRecorded } from './cleanupRecorded';
import { providerForCleanup } from './providerForCleanup';

jest.setTimeout(60_000);

/**
 * A provider whose restore object is one ConfigMap per sandbox, as Kasten's
 * RestoreActions and KubeStash's RestoreSessions are one per sandbox. With
 * `reach`, it deletes there instead of where it is told: a faulty module.
 */
class InSandboxProvider {
  readonly name = 'insider';
  readonly ownedObjects = [];
  private readonly core: k8s.CoreV1Api;

  constructor(
    kubeConfig: k8s.KubeConfig,
    private readonly reach?: string[],
    private readonly failing?: boolean,
  ) {
    this.core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  }

  async findRestore(name: string, where?: RestoreLocation) {
    const first = [...(where?.sandboxes ?? [])].sort()[0];
    if (!first) return undefined;
    const live = await this.core
      .readNamespacedConfigMap({ namespace: first, name })
      .catch(() => undefined);
    return live && { uid: live.metadata!.uid! };
  }

  async cleanupRestore(
    handle: RestoreHandle & { uid: string },
  ): Promise<RestoreCleanupResult> {
    if (this.failing) throw new Error('the tool did not answer');
    for (const namespace of this.reach ?? handle.sandboxes ?? [])
      await this.core.deleteNamespacedConfigMap({
        namespace,
        name: handle.id,
      });
    return 'deleted';
  }
}

describe('cleaning up a provider whose restore objects live in the sandboxes', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let store: DatabaseKymarosStore;
  let reach: string[] | undefined;
  let failing = false;
  let factory: ProviderFactory;

  const exists = (namespace: string, name: string) =>
    t.core.readNamespacedConfigMap({ namespace, name }).then(
      () => true,
      () => false,
    );
  const restoreObject = async (namespace: string, name: string) =>
    (
      await t.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name } },
      })
    ).metadata!.uid!;
  const record = (
    runId: string,
    kind: 'Namespace' | 'Restore',
    name: string,
    uid: string,
  ) =>
    store
      .recordObject({
        cluster: 'sim',
        kind,
        namespace: '',
        name,
        provider: 'insider',
        runId,
        testId: 't',
        expiresAt: new Date(Date.now() - 1000).toISOString(),
      })
      .then(() =>
        store.setObjectUid({ cluster: 'sim', kind, namespace: '', name }, uid),
      );
  /** A run's sandbox, recorded with the uid it was created with. */
  const sandbox = async (runId: string, name: string) => {
    const ns = await t.core.createNamespace({ body: { metadata: { name } } });
    await record(runId, 'Namespace', name, ns.metadata!.uid!);
  };
  const cleanUpAll = async (runId: string) =>
    cleanupRecorded(
      {
        store,
        kubeConfig: t.kc,
        provider: providerForCleanup(factory, 'sim', t.kc),
        logger: mockServices.logger.mock(),
        settleMs: 100,
        signal: AbortSignal.timeout(10_000),
      },
      await store.listObjects({ runId }),
    );
  const cleanUp = async (runId: string) =>
    cleanupRecorded(
      {
        store,
        kubeConfig: t.kc,
        provider: providerForCleanup(factory, 'sim', t.kc),
        logger: mockServices.logger.mock(),
        settleMs: 100,
        signal: AbortSignal.timeout(10_000),
      },
      await store.listObjects({ runId, kind: 'Restore' }),
    );

  beforeAll(async () => {
    t = await testSimulator();
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    const root = new ConfigReader({
      kymaros: { clusters: [{ name: 'sim', url: t.sim.url }] },
    });
    const providers = new ProviderRegistry();
    providers.add({
      name: 'insider',
      create: ({ kubeConfig }) =>
        new InSandboxProvider(
          kubeConfig,
          reach,
          failing,
        ) as unknown as BackupProvider,
    });
    factory = new ProviderFactory({
      providers,
      clusters: new ClusterRegistry(readKymarosConfig(root).clusters),
      logger: mockServices.logger.mock(),
    });
  });
  beforeEach(() => {
    reach = undefined;
    failing = false;
  });
  afterAll(() => t.sim.stop());

  it('removes the restore object from every sandbox of the run, as the reaper does', async () => {
    await sandbox('r1', 'kymaros-r1-a');
    await sandbox('r1', 'kymaros-r1-b');
    const uid = await restoreObject('kymaros-r1-a', 'kymaros-r1');
    await restoreObject('kymaros-r1-b', 'kymaros-r1');
    await record('r1', 'Restore', 'kymaros-r1', uid);

    const out = await cleanUp('r1');

    expect(out.errors).toEqual([]);
    expect(out.deletedRestores).toEqual(['kymaros-r1']);
    expect(await exists('kymaros-r1-a', 'kymaros-r1')).toBe(false);
    expect(await exists('kymaros-r1-b', 'kymaros-r1')).toBe(false);
    expect(await store.listObjects({ runId: 'r1', kind: 'Restore' })).toEqual(
      [],
    );
  });

  it('never hands over a sandbox someone re-created under the recorded name', async () => {
    await sandbox('r2', 'kymaros-r2-a');
    await sandbox('r2', 'kymaros-r2-b');
    const uid = await restoreObject('kymaros-r2-a', 'kymaros-r2');
    await record('r2', 'Restore', 'kymaros-r2', uid);
    // Someone else's namespace now holds the second recorded name.
    await t.core.deleteNamespace({ name: 'kymaros-r2-b' });
    await until(async () =>
      t.core.readNamespace({ name: 'kymaros-r2-b' }).then(
        () => false,
        () => true,
      ),
    );
    await t.core.createNamespace({
      body: { metadata: { name: 'kymaros-r2-b' } },
    });
    await restoreObject('kymaros-r2-b', 'kymaros-r2');

    const out = await cleanUp('r2');

    expect(out.errors).toEqual([]);
    expect(await exists('kymaros-r2-a', 'kymaros-r2')).toBe(false);
    expect(await exists('kymaros-r2-b', 'kymaros-r2')).toBe(true);
  });

  it('refuses a provider that deletes outside the verified sandboxes', async () => {
    await sandbox('r3', 'kymaros-r3-a');
    const uid = await restoreObject('kymaros-r3-a', 'kymaros-r3');
    await record('r3', 'Restore', 'kymaros-r3', uid);
    await t.core.createNamespace({ body: { metadata: { name: 'payments' } } });
    await restoreObject('payments', 'kymaros-r3');
    reach = ['payments', 'kymaros-r3-a'];

    const out = await cleanUp('r3');

    expect(out.errors.join('\n')).toMatch(
      /refused to write outside its sandboxes.*namespace "payments"/,
    );
    expect(await exists('payments', 'kymaros-r3')).toBe(true);
    // The record stays, so the restore object is tried again.
    expect(
      await store.listObjects({ runId: 'r3', kind: 'Restore' }),
    ).toHaveLength(1);
  });

  it('keeps a run’s sandboxes while its restore could not be removed, and removes both once it can', async () => {
    await sandbox('r4', 'kymaros-r4-a');
    const uid = await restoreObject('kymaros-r4-a', 'kymaros-r4');
    await record('r4', 'Restore', 'kymaros-r4', uid);
    failing = true;

    const kept = await cleanUpAll('r4');

    expect(kept.errors).toEqual([
      'restore kymaros-r4: the tool did not answer',
      'sandboxes of run r4: kept until its restore kymaros-r4 is removed',
    ]);
    expect(kept.deletedSandboxes).toEqual([]);
    expect(await exists('kymaros-r4-a', 'kymaros-r4')).toBe(true);

    failing = false;
    const done = await cleanUpAll('r4');

    expect(done.errors).toEqual([]);
    expect(done.deletedRestores).toEqual(['kymaros-r4']);
    expect(done.deletedSandboxes).toEqual(['kymaros-r4-a']);
  });
});

async function until(condition: () => Promise<boolean>) {
  for (let i = 0; i < 100 && !(await condition()); i++)
    await new Promise(resolve => setTimeout(resolve, 50));
}
