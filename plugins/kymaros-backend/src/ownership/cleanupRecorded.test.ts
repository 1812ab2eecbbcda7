import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import type { KymarosStore, OwnedObject } from '../store/KymarosStore';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { VeleroProvider } from '../providers/velero/VeleroProvider';
import { cleanupRecorded } from './cleanupRecorded';

jest.setTimeout(60_000);

describe('cleanupRecorded and what a provider made beside a restore', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let provider: VeleroProvider;
  let released: string[];

  const record = (name: string, extra: Partial<OwnedObject> = {}) =>
    ({
      cluster: 'sim',
      kind: 'Restore',
      namespace: '',
      name,
      provider: 'velero',
      runId: 'r',
      testId: 't',
      createdAt: new Date(Date.now() - 1000).toISOString(),
      expiresAt: new Date(Date.now() + 3600_000).toISOString(),
      ...extra,
    } as OwnedObject);
  const cleanUp = (records: OwnedObject[]) =>
    cleanupRecorded(
      {
        store: {
          releaseObject: async (r: OwnedObject) => {
            released.push(r.name);
          },
          listObjects: async () => [],
        } as unknown as KymarosStore,
        kubeConfig: t.kc,
        provider: () => provider,
        logger: mockServices.logger.mock(),
        settleMs: 100,
      },
      records,
    );
  const modifiers = (name: string, ownerUid?: string) =>
    t.core.createNamespacedConfigMap({
      namespace: 'velero',
      body: {
        metadata: {
          name,
          ...(ownerUid
            ? {
                ownerReferences: [
                  {
                    apiVersion: 'velero.io/v1',
                    kind: 'Restore',
                    name,
                    uid: ownerUid,
                  },
                ],
              }
            : {}),
        },
        data: { 'modifiers.yaml': 'version: v1' },
      },
    });
  const exists = (name: string) =>
    t.core.readNamespacedConfigMap({ namespace: 'velero', name }).then(
      () => true,
      () => false,
    );

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        backups: [{ name: 'shop', includedNamespaces: ['shop'] }],
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'shop' },
          },
        ],
      },
    });
    const owned: ConstructorParameters<typeof WriteGuard>[0] = [];
    provider = new VeleroProvider({
      kubeConfig: guardedKubeConfig(t.kc, new WriteGuard(owned)),
      namespace: 'velero',
      logger: mockServices.logger.mock(),
    });
    owned.push(...provider.ownedObjects);
  });
  beforeEach(() => {
    released = [];
  });
  afterAll(() => t.sim.stop());

  it('removes the modifiers of a restore that was never created, and says so', async () => {
    // The process died between creating the ConfigMap and the Restore.
    const r = record('kymaros-c1');
    await modifiers('kymaros-c1');
    const out = await cleanUp([r]);
    expect(out.deletedRestores).toEqual([
      'kymaros-c1 (beside restore kymaros-c1)',
    ]);
    expect(out.errors).toEqual([]);
    expect(await exists('kymaros-c1')).toBe(false);
    expect(released).toEqual(['kymaros-c1']);
  });

  it('removes a restore and its modifiers, for a run or the reaper alike', async () => {
    const handle = await provider.triggerRestore(
      (await provider.getBackup('shop'))!,
      { shop: 'kymaros-c2-shop' },
      {
        runId: 'c2',
        name: 'kymaros-c2',
        labels: {},
        transforms: {
          excludedResources: [],
          edits: [{ resource: 'configmaps', mergePatch: { data: { a: 'b' } } }],
        },
      },
    );
    const out = await cleanUp([record('kymaros-c2', { uid: handle.uid })]);
    expect(out.deletedRestores[0]).toBe('kymaros-c2');
    // Removed by Kymaros or, when it was quicker, by Kubernetes' garbage collector.
    expect([[], ['kymaros-c2 (beside restore kymaros-c2)']]).toContainEqual(
      out.deletedRestores.slice(1),
    );
    for (let i = 0; i < 50 && (await exists('kymaros-c2')); i++)
      await new Promise(r => setTimeout(r, 100));
    expect(await exists('kymaros-c2')).toBe(false);
    expect(released).toEqual(['kymaros-c2']);
  });

  it('leaves the modifiers alone when the restore name belongs to someone else', async () => {
    const theirs = await t.createVelero('restores', 'Restore', 'kymaros-c3', {
      backupName: 'shop',
      includedNamespaces: ['shop'],
    });
    await modifiers('kymaros-c3', theirs.metadata.uid);
    const out = await cleanUp([record('kymaros-c3', { uid: 'our-restore' })]);
    expect(out.notOurs).toEqual(['kymaros-c3']);
    expect(out.deletedRestores).toEqual([]);
    expect(await exists('kymaros-c3')).toBe(true);
    expect(await provider.findRestore('kymaros-c3')).toBeDefined();
  });

  it('leaves a ConfigMap of that name made before the record', async () => {
    await modifiers('kymaros-c4');
    const out = await cleanUp([
      record('kymaros-c4', {
        createdAt: new Date(Date.now() + 60_000).toISOString(),
      }),
    ]);
    expect(out.deletedRestores).toEqual([]);
    expect(await exists('kymaros-c4')).toBe(true);
    expect(released).toEqual(['kymaros-c4']);
  });

  it('keeps the record when the modifiers could not be removed, to try again', async () => {
    const failing = jest
      .spyOn(provider, 'cleanupRestoreCompanions')
      .mockRejectedValueOnce(new Error('etcd is down'));
    const out = await cleanUp([record('kymaros-c5')]);
    expect(out.errors).toEqual(['restore kymaros-c5: etcd is down']);
    expect(released).toEqual([]);
    failing.mockRestore();
  });
});
