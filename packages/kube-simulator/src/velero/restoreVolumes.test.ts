import type { KubeObject } from '../store/types';
import type { BackupVolumeInfo } from './backupVolumeInfo';
import {
  restoreClaimVolume,
  restoreVolume,
  type VolumeRestoreState,
} from './restoreVolumes';

const pv = (policy: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: {
    name: 'pv-1',
    annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes', keep: 'me' },
  },
  spec: {
    persistentVolumeReclaimPolicy: policy,
    hostPath: { path: '/var/lib/sim/pv-1' },
    claimRef: {
      namespace: 'shop',
      name: 'data',
      uid: 'u1',
      resourceVersion: '9',
    },
  },
});

const claim = (): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name: 'data',
    namespace: 'shop',
    annotations: {
      'pv.kubernetes.io/bind-completed': 'yes',
      'volume.kubernetes.io/selected-node': 'node-1',
      'volume.kubernetes.io/storage-provisioner': 'x',
      keep: 'me',
    },
  },
  spec: { volumeName: 'pv-1' },
});

function state(info?: Partial<BackupVolumeInfo>): VolumeRestoreState {
  return {
    volumeInfos: new Map(
      info
        ? [
            [
              'pv-1',
              {
                snapshotDataMoved: false,
                preserveLocalSnapshot: false,
                skipped: false,
                ...info,
              },
            ],
          ]
        : [],
    ),
    provisioned: new Set(),
    renamed: new Map(),
  };
}

const mapping = { shop: 'sandbox' };
const absent = { exists: () => false };
const present = { exists: () => true };

describe('restoreVolume', () => {
  it.each([
    [
      'a pod-volume backup',
      { backupMethod: 'PodVolumeBackup' as const },
      'Retain',
    ],
    ['a CSI snapshot', { backupMethod: 'CSISnapshot' as const }, 'Retain'],
    ['no data and Delete', { skipped: true }, 'Delete'],
  ])(
    'leaves the volume of %s to be provisioned afresh, and the claim unbound',
    (_, info, policy) => {
      const s = state(info);
      expect(restoreVolume(pv(policy), mapping, present, s)).toBeUndefined();
      expect(s.provisioned).toEqual(new Set(['pv-1']));
      const restored = restoreClaimVolume(claim(), s);
      expect(restored.spec).toEqual({});
      expect(restored.metadata.annotations).toEqual({ keep: 'me' });
    },
  );

  it('restores a Retain volume without data as it was, pointing at the same storage, and the claim keeps it', () => {
    const s = state({ skipped: true });
    const restored = restoreVolume(pv('Retain'), mapping, present, s)!;
    expect(restored.metadata).toEqual({
      name: 'pv-1',
      annotations: { keep: 'me' },
    });
    expect(restored.spec).toEqual({
      persistentVolumeReclaimPolicy: 'Retain',
      hostPath: { path: '/var/lib/sim/pv-1' },
      claimRef: { namespace: 'sandbox', name: 'data' },
    });
    expect(restoreClaimVolume(claim(), s).spec).toEqual({ volumeName: 'pv-1' });
  });

  it('makes a volume from a native snapshot, renamed when the name is taken and the claim moves', () => {
    const s = state({
      backupMethod: 'NativeSnapshot',
      nativeSnapshotInfo: { snapshotHandle: 'snap-1' },
    });
    const restored = restoreVolume(pv('Delete'), mapping, present, s)!;
    expect(restored.metadata.name).toMatch(/^velero-clone-[0-9a-f-]{36}$/);
    expect(restored.metadata.annotations).toEqual({
      keep: 'me',
      'velero.io/original-pv-name': 'pv-1',
    });
    expect(restored.spec.hostPath.path).toBe('/var/lib/sim/snap-1');
    expect(restored.spec.claimRef).toEqual({
      namespace: 'sandbox',
      name: 'data',
    });
    expect(restoreClaimVolume(claim(), s).spec.volumeName).toBe(
      restored.metadata.name,
    );
  });

  it('keeps the name of a native-snapshot volume when it is free or the claim stays', () => {
    const info = {
      backupMethod: 'NativeSnapshot' as const,
      nativeSnapshotInfo: { snapshotHandle: 'snap-1' },
    };
    expect(
      restoreVolume(pv('Delete'), mapping, absent, state(info))!.metadata.name,
    ).toBe('pv-1');
    expect(
      restoreVolume(pv('Delete'), {}, present, state(info))!.metadata.name,
    ).toBe('pv-1');
  });

  it('keeps the volume name of a claim whose volume is not restored', () => {
    expect(restoreClaimVolume(claim(), state()).spec).toEqual({
      volumeName: 'pv-1',
    });
  });
});
