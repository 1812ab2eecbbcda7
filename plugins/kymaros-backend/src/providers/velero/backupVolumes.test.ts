import { toBackupVolumes } from './backupVolumes';

const claim = { pvcName: 'data', pvcNamespace: 'shop', pvName: 'pv-1' };

describe('toBackupVolumes', () => {
  it('says how Velero took each volume', () => {
    expect(
      toBackupVolumes(
        [
          {
            ...claim,
            backupMethod: 'NativeSnapshot',
            result: 'succeeded',
            pvInfo: { reclaimPolicy: 'Retain', labels: {} },
          },
          { ...claim, pvName: 'pv-2', backupMethod: 'PodVolumeBackup' },
          {
            ...claim,
            pvName: 'pv-3',
            backupMethod: 'CSISnapshot',
            snapshotDataMoved: true,
          },
          {
            ...claim,
            pvName: 'pv-4',
            backupMethod: 'CSISnapshot',
            snapshotDataMoved: false,
            pvInfo: { reclaimPolicy: 'Delete' },
          },
        ],
        'b1',
      ),
    ).toEqual([
      {
        volumeName: 'pv-1',
        claim: { namespace: 'shop', name: 'data' },
        data: 'snapshot',
        reclaimPolicy: 'Retain',
      },
      {
        volumeName: 'pv-2',
        claim: { namespace: 'shop', name: 'data' },
        data: 'file-system',
      },
      {
        volumeName: 'pv-3',
        claim: { namespace: 'shop', name: 'data' },
        data: 'data-mover',
      },
      {
        volumeName: 'pv-4',
        claim: { namespace: 'shop', name: 'data' },
        data: 'csi-snapshot',
        reclaimPolicy: 'Delete',
      },
    ]);
  });

  it('says why a volume has no data of its own', () => {
    expect(
      toBackupVolumes(
        [
          {
            pvName: 'nfs-1',
            skipped: true,
            skippedReason:
              'no applicable volumesnapshotter found; defaultVolumesToFsBackup is not true',
            pvInfo: { reclaimPolicy: 'Retain' },
          },
          { ...claim, backupMethod: '' },
          { ...claim, backupMethod: 'NativeSnapshot', result: 'failed' },
          { ...claim, backupMethod: 'SomethingNew' },
        ],
        'b1',
      ),
    ).toEqual([
      {
        volumeName: 'nfs-1',
        data: 'none',
        reason:
          'no applicable volumesnapshotter found; defaultVolumesToFsBackup is not true',
        reclaimPolicy: 'Retain',
      },
      expect.objectContaining({
        data: 'none',
        reason: 'Velero backed up no data',
      }),
      expect.objectContaining({
        data: 'none',
        reason: 'the NativeSnapshot backup failed',
      }),
      expect.objectContaining({
        data: 'none',
        reason: `Velero's backup method "SomethingNew" is not one Kymaros knows`,
      }),
    ]);
  });

  it('refuses a file that is not a list', () => {
    expect(() => toBackupVolumes({ volumes: [] }, 'b1')).toThrow(
      'Backup b1: the volume infos are not a JSON list',
    );
  });
});
