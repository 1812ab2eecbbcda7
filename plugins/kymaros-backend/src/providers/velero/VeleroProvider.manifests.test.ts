import { mockServices } from '@backstage/backend-test-utils';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { VeleroProvider } from './VeleroProvider';

jest.setTimeout(60_000);

const claim = (namespace: string, name: string, method?: string) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name,
    namespace,
    ...(method
      ? { annotations: { 'sim.kymaros.io/backup-method': method } }
      : {}),
  },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '1Gi' } },
  },
});

describe('VeleroProvider backup manifests', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  const provider = (manifestLimits?: {
    compressedBytes: number;
    unzippedBytes: number;
  }) =>
    new VeleroProvider({
      kubeConfig: t.kc,
      namespace: 'velero',
      logger: mockServices.logger.mock(),
      manifestLimits,
    });

  beforeAll(async () => {
    t = await testSimulator({
      scenario: {
        objects: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'shop' },
            data: { url: 'http://db.shop-db.svc.cluster.local:5432' },
          },
          claim('shop', 'data'),
          claim('shop', 'scratch', 'none'),
          claim('shop', 'moved', 'CSISnapshot+moved'),
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: 'cfg', namespace: 'other' },
            data: { a: '1' },
          },
          claim('other', 'data', 'NativeSnapshot'),
        ],
        backups: [
          { name: 'both', includedNamespaces: ['shop', 'other'], age: '1h' },
        ],
      },
    });
  });
  afterAll(() => t.sim.stop());

  it('reads the objects of the asked namespaces once, and the volumes of their claims', async () => {
    const backup = (await provider().getBackup('both'))!;
    const { objects, volumes, truncated } = await provider().getBackupManifests(
      backup,
      ['shop'],
      AbortSignal.timeout(30_000),
    );
    expect(truncated).toBeUndefined();
    const keys = objects.map(
      o => `${o.resource}/${o.namespace ?? ''}/${o.name}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(
      expect.arrayContaining([
        'configmaps/shop/cfg',
        'persistentvolumeclaims/shop/data',
        'persistentvolumeclaims/shop/scratch',
      ]),
    );
    expect(objects.filter(o => o.namespace && o.namespace !== 'shop')).toEqual(
      [],
    );
    const pvs = objects.filter(o => o.kind === 'PersistentVolume');
    expect(pvs).toHaveLength(3);
    expect(pvs.every(pv => pv.body.spec.claimRef.namespace === 'shop')).toBe(
      true,
    );
    expect(pvs.every(pv => pv.namespace === undefined)).toBe(true);
    const cfg = objects.find(o => o.name === 'cfg')!;
    expect(cfg).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      namespace: 'shop',
      resource: 'configmaps',
      body: { data: { url: 'http://db.shop-db.svc.cluster.local:5432' } },
    });
    const byClaim = Object.fromEntries(
      (volumes ?? []).map(v => [v.claim?.name, v]),
    );
    expect(Object.keys(byClaim).sort()).toEqual(['data', 'moved', 'scratch']);
    expect(byClaim.data).toMatchObject({
      claim: { namespace: 'shop', name: 'data' },
      data: 'file-system',
    });
    expect(byClaim.moved.data).toBe('data-mover');
    expect(byClaim.scratch).toMatchObject({
      data: 'none',
      reason: expect.any(String),
    });
    const claimed = pvs.map(pv => pv.name).sort();
    expect((volumes ?? []).map(v => v.volumeName).sort()).toEqual(claimed);
    // The DownloadRequests it made are gone.
    const drs: any = await t.custom.listNamespacedCustomObject(
      t.velero('downloadrequests'),
    );
    expect(drs.items).toHaveLength(0);
  });

  it('returns what it read within its bound, saying it is a part', async () => {
    const backup = (await provider().getBackup('both'))!;
    const whole = await provider().getBackupManifests(backup, [
      'shop',
      'other',
    ]);
    const part = await provider({
      compressedBytes: 1e9,
      unzippedBytes: 8192,
    }).getBackupManifests(backup, ['shop', 'other']);
    expect(part.truncated).toBe(true);
    expect(part.objects.length).toBeGreaterThan(0);
    expect(part.objects.length).toBeLessThan(whole.objects.length);
    expect(whole.objects).toEqual(expect.arrayContaining(part.objects));
  });

  it('stops when the signal aborts', async () => {
    const backup = (await provider().getBackup('both'))!;
    await expect(
      provider().getBackupManifests(backup, ['shop'], AbortSignal.timeout(1)),
    ).rejects.toThrow();
  });
});
