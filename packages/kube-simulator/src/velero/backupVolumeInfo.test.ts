import type { KubeObject } from '../store/types';
import { backupVolumeInfos, noSnapshotterReason } from './backupVolumeInfo';

const at = '2026-01-01T00:00:00Z';

function volume(name: string, method?: string, on: 'pv' | 'claim' = 'claim') {
  const annotations = method
    ? { 'sim.kymaros.io/backup-method': method }
    : undefined;
  const pv: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      name: `pv-${name}`,
      annotations: on === 'pv' ? annotations : undefined,
    },
    spec: {
      capacity: { storage: '1Gi' },
      persistentVolumeReclaimPolicy: 'Retain',
      claimRef: { namespace: 'shop', name },
    },
  };
  const claim: KubeObject = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      name,
      namespace: 'shop',
      annotations: on === 'claim' ? annotations : undefined,
    },
    spec: { volumeName: `pv-${name}` },
  };
  return [claim, pv];
}

describe('backupVolumeInfos', () => {
  it('describes a pod-volume backup by default, with the pod that mounts the claim', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'db-0', namespace: 'shop' },
      spec: {
        nodeName: 'node-1',
        volumes: [
          { name: 'storage', persistentVolumeClaim: { claimName: 'data' } },
        ],
      },
    };
    const [info] = backupVolumeInfos('b1', [...volume('data'), pod], at);
    expect(info).toEqual({
      pvcName: 'data',
      pvcNamespace: 'shop',
      pvName: 'pv-data',
      backupMethod: 'PodVolumeBackup',
      snapshotDataMoved: false,
      preserveLocalSnapshot: false,
      skipped: false,
      startTimestamp: at,
      completionTimestamp: at,
      result: 'succeeded',
      pvbInfo: {
        snapshotHandle: expect.any(String),
        size: 2 ** 30,
        uploaderType: 'kopia',
        volumeName: 'storage',
        podName: 'db-0',
        podNamespace: 'shop',
        nodeName: 'node-1',
        Phase: 'Completed',
      },
      pvInfo: { reclaimPolicy: 'Retain', labels: null },
    });
    expect(Object.keys(info)).toEqual([
      'pvcName',
      'pvcNamespace',
      'pvName',
      'backupMethod',
      'snapshotDataMoved',
      'preserveLocalSnapshot',
      'skipped',
      'startTimestamp',
      'completionTimestamp',
      'result',
      'pvbInfo',
      'pvInfo',
    ]);
  });

  it('lists volumes in Velero’s order, each described by its method', () => {
    const infos = backupVolumeInfos(
      'b1',
      [
        ...volume('a', 'CSISnapshot+moved'),
        ...volume('b', 'PodVolumeBackup'),
        ...volume('c', 'CSISnapshot', 'pv'),
        ...volume('d', 'NativeSnapshot'),
        ...volume('e', 'none'),
      ],
      at,
    );
    expect(
      infos.map(i => [
        i.pvcName,
        i.backupMethod,
        i.snapshotDataMoved,
        i.skipped,
      ]),
    ).toEqual([
      ['e', undefined, false, true],
      ['d', 'NativeSnapshot', false, false],
      ['c', 'CSISnapshot', false, false],
      ['b', 'PodVolumeBackup', false, false],
      ['a', 'CSISnapshot', true, false],
    ]);
    expect(infos[0].skippedReason).toBe(noSnapshotterReason);
    expect(infos[1].nativeSnapshotInfo).toMatchObject({
      Phase: 'Completed',
      snapshotHandle: expect.stringMatching(/^snap-/),
    });
    expect(infos[2]).toMatchObject({
      preserveLocalSnapshot: true,
      csiSnapshotInfo: { ReadyToUse: true },
    });
    expect(infos[4].snapshotDataMovementInfo).toMatchObject({
      dataMover: 'velero',
      uploaderType: 'kopia',
      Phase: 'Completed',
    });
  });

  it('records an unknown method as a skipped volume that names the value', () => {
    const [info] = backupVolumeInfos('b1', volume('x', 'Snapshot'), at);
    expect(info).toMatchObject({
      skipped: true,
      skippedReason: expect.stringContaining(
        '"Snapshot" is not one of PodVolumeBackup',
      ),
    });
  });

  it('is an empty list for a backup without volumes', () => {
    expect(backupVolumeInfos('b1', [], at)).toEqual([]);
  });
});
