import type { BackupVolume } from '@kymaros/plugin-kymaros-node';
import { backupInventory } from './backupInventory';
import { planVolumes } from './planVolumes';
import { backupObject } from './__testUtils__/backupObjects';

const claim = (ref: string, volumeName?: string) =>
  backupObject('PersistentVolumeClaim', ref, {
    spec: volumeName ? { volumeName } : {},
  });
const volume = (
  ref: string,
  volumeName: string,
  data: BackupVolume['data'],
  reason?: string,
): BackupVolume => {
  const [namespace, name] = ref.split('/');
  return {
    volumeName,
    claim: { namespace, name },
    data,
    ...(reason ? { reason } : {}),
  };
};
const unbind = (namespace: string) => ({
  resource: 'persistentvolumeclaims',
  namespace,
  mergePatch: { spec: { volumeName: null } },
});

describe('planVolumes', () => {
  it('never restores a volume without data and reports its claim', () => {
    const objects = [
      claim('shop/data-db-0', 'pvc-1'),
      claim('shop/files', 'pvc-2'),
    ];
    const plan = planVolumes({
      namespaces: ['shop'],
      inventory: backupInventory(['shop'], undefined, { objects }),
      volumes: [
        volume('shop/data-db-0', 'pvc-1', 'none', 'volume policy skipped it'),
        volume('shop/files', 'pvc-2', 'file-system'),
      ],
    });
    expect(plan.excludedResources).toEqual(['persistentvolumes']);
    expect(plan.edits).toEqual([unbind('shop')]);
    expect(plan.claimsWithoutData).toEqual([
      { namespace: 'shop', name: 'data-db-0' },
    ]);
    expect(plan.volumesNotRestored).toEqual([
      {
        claim: 'shop/data-db-0',
        volume: 'pvc-1',
        reason: 'no volume data in the backup (volume policy skipped it)',
      },
    ]);
    expect(plan.transformations).toEqual([]);
  });

  it('restores PersistentVolumes when every claim comes from a snapshot', () => {
    const plan = planVolumes({
      namespaces: ['shop'],
      inventory: backupInventory(['shop'], undefined, {
        objects: [claim('shop/a', 'pvc-a'), claim('shop/pending')],
      }),
      volumes: [volume('shop/a', 'pvc-a', 'snapshot')],
    });
    expect(plan.excludedResources).toEqual([]);
    expect(plan.edits).toEqual([]);
    expect(plan.claimsWithoutData).toEqual([]);
  });

  it('says that a snapshot volume comes back empty in a mixed backup, and why', () => {
    const plan = planVolumes({
      namespaces: ['shop', 'pay'],
      inventory: [],
      volumes: [
        volume('shop/a', 'pvc-a', 'snapshot'),
        volume('pay/b', 'pvc-b', 'none'),
        volume('prod/c', 'pvc-c', 'none'),
      ],
    });
    expect(plan.excludedResources).toEqual(['persistentvolumes']);
    expect(plan.edits).toEqual([unbind('shop'), unbind('pay')]);
    expect(plan.claimsWithoutData).toEqual([
      { namespace: 'shop', name: 'a' },
      { namespace: 'pay', name: 'b' },
    ]);
    expect(plan.volumesNotRestored[0]).toEqual({
      claim: 'shop/a',
      volume: 'pvc-a',
      reason: expect.stringContaining('snapshot is not restored'),
    });
  });

  it('leaves PersistentVolumes out when the provider does not say how data was taken', () => {
    const plan = planVolumes({
      namespaces: ['shop'],
      inventory: backupInventory(
        ['shop'],
        [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            namespace: 'shop',
            name: 'a',
          },
          { apiVersion: 'v1', kind: 'PersistentVolume', name: 'pvc-a' },
        ],
        undefined,
      ),
    });
    expect(plan.excludedResources).toEqual(['persistentvolumes']);
    expect(plan.edits).toEqual([unbind('shop')]);
    expect(plan.claimsWithoutData).toEqual([]);
    expect(plan.transformations).toEqual([
      expect.objectContaining({ subject: '1 PersistentVolumeClaim(s)' }),
    ]);
  });

  it('names a claim the volume information does not cover', () => {
    const plan = planVolumes({
      namespaces: ['shop'],
      inventory: backupInventory(['shop'], undefined, {
        objects: [claim('shop/a', 'pvc-a'), claim('shop/b', 'pvc-b')],
      }),
      volumes: [volume('shop/a', 'pvc-a', 'snapshot')],
    });
    expect(plan.excludedResources).toEqual(['persistentvolumes']);
    expect(plan.transformations.map(t => t.subject)).toEqual([
      'PersistentVolumeClaim shop/b',
    ]);
    expect(plan.volumesNotRestored.map(v => v.claim)).toEqual(['shop/a']);
  });

  it('keeps PersistentVolumes out of a backup without claims', () => {
    const plan = planVolumes({
      namespaces: ['shop'],
      inventory: [],
      volumes: [],
    });
    expect(plan.excludedResources).toEqual(['persistentvolumes']);
    expect(plan.claimsWithoutData).toEqual([]);
  });
});
