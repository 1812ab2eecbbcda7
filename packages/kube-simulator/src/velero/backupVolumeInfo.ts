import { createHash } from 'node:crypto';
import { behaviourAnnotations } from '../scenario/behaviours';
import type { KubeObject } from '../store/types';

/** How the simulated backup took a volume's data (the `sim.kymaros.io/backup-method` annotation). */
export const backupMethods = [
  'PodVolumeBackup',
  'CSISnapshot',
  'CSISnapshot+moved',
  'NativeSnapshot',
  'none',
] as const;

export type SimulatedBackupMethod = (typeof backupMethods)[number];

/**
 * One entry of Velero's `<backup>-volumeinfo.json.gz` (its `BackupVolumeInfo`),
 * keys in Velero's order. Some nested keys are capitalised (`Phase`,
 * `ReadyToUse`) because Velero's Go fields carry no JSON name.
 */
export interface BackupVolumeInfo {
  pvcName?: string;
  pvcNamespace?: string;
  pvName?: string;
  /** `PodVolumeBackup`, `CSISnapshot` or `NativeSnapshot`; absent for a skipped volume. */
  backupMethod?: 'PodVolumeBackup' | 'CSISnapshot' | 'NativeSnapshot';
  snapshotDataMoved: boolean;
  preserveLocalSnapshot: boolean;
  skipped: boolean;
  skippedReason?: string;
  startTimestamp?: string;
  completionTimestamp?: string;
  result?: 'succeeded' | 'failed';
  csiSnapshotInfo?: Record<string, unknown>;
  snapshotDataMovementInfo?: Record<string, unknown>;
  nativeSnapshotInfo?: Record<string, unknown>;
  pvbInfo?: Record<string, unknown>;
  pvInfo?: { reclaimPolicy: string; labels: Record<string, string> | null };
}

/** What Velero 1.18 records for a volume no snapshotter could take (no snapshot location, CSI off). */
export const noSnapshotterReason =
  'volumeSnapshot: no applicable volumesnapshotter found;';

const units: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Bytes of a storage quantity such as `1Gi`; 0 when it cannot be read. */
function bytes(quantity: string | undefined): number {
  const m = /^(\d+(?:\.\d+)?)([KMGT]i|[kMGT])?$/.exec(quantity ?? '');
  return m ? Math.round(Number(m[1]) * (m[2] ? units[m[2]] : 1)) : 0;
}

function handle(backup: string, pv: string, kind: string): string {
  const hash = createHash('sha256').update(`${backup}/${pv}/${kind}`);
  return hash.digest('hex').slice(0, 16);
}

/** The method a PV's data was taken with: its annotation, else its claim's, else a pod-volume backup. */
export function backupMethodOf(
  pv: KubeObject,
  claim: KubeObject | undefined,
): string {
  const key = behaviourAnnotations.backupMethod;
  return (
    pv.metadata.annotations?.[key] ??
    claim?.metadata.annotations?.[key] ??
    'PodVolumeBackup'
  );
}

interface VolumeContext {
  backup: string;
  at: string;
  pv: KubeObject;
  claim?: KubeObject;
  /** A backed-up pod that mounts the claim, as Velero's pod-volume backup needs. */
  pod?: KubeObject;
}

function skipped(v: VolumeContext, reason: string): BackupVolumeInfo {
  return {
    ...identity(v),
    snapshotDataMoved: false,
    preserveLocalSnapshot: false,
    skipped: true,
    skippedReason: reason,
    pvInfo: pvInfo(v.pv),
  };
}

function identity({ pv, claim }: VolumeContext) {
  return {
    pvcName: claim?.metadata.name,
    pvcNamespace: claim?.metadata.namespace,
    pvName: pv.metadata.name,
  };
}

function pvInfo(pv: KubeObject): BackupVolumeInfo['pvInfo'] {
  return {
    reclaimPolicy: pv.spec?.persistentVolumeReclaimPolicy ?? '',
    labels: pv.metadata.labels ?? null, // Go writes a nil map as null
  };
}

function size(v: VolumeContext): number {
  return bytes(
    v.pv.spec?.capacity?.storage ?? v.claim?.spec?.resources?.requests?.storage,
  );
}

function nativeSnapshot(v: VolumeContext): BackupVolumeInfo {
  return {
    ...identity(v),
    backupMethod: 'NativeSnapshot',
    snapshotDataMoved: false,
    preserveLocalSnapshot: false,
    skipped: false,
    result: 'succeeded',
    nativeSnapshotInfo: {
      snapshotHandle: `snap-${handle(v.backup, v.pv.metadata.name, 'native')}`,
      volumeType: '',
      volumeAZ: '',
      iops: '0',
      Phase: 'Completed',
    },
    pvInfo: pvInfo(v.pv),
  };
}

function csiSnapshot(v: VolumeContext): BackupVolumeInfo {
  const id = handle(v.backup, v.pv.metadata.name, 'csi');
  return {
    ...identity(v),
    backupMethod: 'CSISnapshot',
    snapshotDataMoved: false,
    preserveLocalSnapshot: true,
    skipped: false,
    startTimestamp: v.at,
    csiSnapshotInfo: {
      snapshotHandle: `snapshot-${id}`,
      size: size(v),
      driver: v.pv.spec?.csi?.driver ?? 'hostpath.csi.k8s.io',
      vscName: `snapcontent-${id}`,
      operationID: `${v.claim?.metadata.namespace}/velero-${
        v.claim?.metadata.name
      }-${id.slice(0, 5)}/${v.at}`,
      ReadyToUse: true,
    },
    pvInfo: pvInfo(v.pv),
  };
}

function dataMoved(v: VolumeContext): BackupVolumeInfo {
  const id = handle(v.backup, v.pv.metadata.name, 'upload');
  return {
    ...identity(v),
    backupMethod: 'CSISnapshot',
    snapshotDataMoved: true,
    preserveLocalSnapshot: false,
    skipped: false,
    startTimestamp: v.at,
    csiSnapshotInfo: {
      snapshotHandle: 'unknown',
      size: 0,
      driver: v.pv.spec?.csi?.driver ?? 'hostpath.csi.k8s.io',
      vscName: 'unknown',
      operationID: 'unknown',
      ReadyToUse: null,
    },
    snapshotDataMovementInfo: {
      dataMover: 'velero',
      uploaderType: 'kopia',
      snapshotHandle: id,
      operationID: `du-${id.slice(0, 8)}`,
      size: size(v),
      Phase: 'Completed',
    },
    pvInfo: pvInfo(v.pv),
  };
}

function podVolumeBackup(v: VolumeContext): BackupVolumeInfo {
  const volume = (v.pod?.spec?.volumes ?? []).find(
    (vol: any) =>
      vol.persistentVolumeClaim?.claimName === v.claim?.metadata.name,
  );
  return {
    ...identity(v),
    backupMethod: 'PodVolumeBackup',
    snapshotDataMoved: false,
    preserveLocalSnapshot: false,
    skipped: false,
    startTimestamp: v.at,
    completionTimestamp: v.at,
    result: 'succeeded',
    pvbInfo: {
      snapshotHandle: handle(v.backup, v.pv.metadata.name, 'pvb'),
      size: size(v),
      uploaderType: 'kopia',
      volumeName: volume?.name ?? '',
      podName: v.pod?.metadata.name ?? '',
      podNamespace: v.pod?.metadata.namespace ?? v.claim?.metadata.namespace,
      nodeName: v.pod?.spec?.nodeName,
      Phase: 'Completed',
    },
    pvInfo: pvInfo(v.pv),
  };
}

function volumeInfo(v: VolumeContext): BackupVolumeInfo {
  const method = backupMethodOf(v.pv, v.claim);
  switch (method) {
    case 'none':
      return skipped(v, noSnapshotterReason);
    case 'NativeSnapshot':
      return nativeSnapshot(v);
    case 'CSISnapshot':
      return csiSnapshot(v);
    case 'CSISnapshot+moved':
      return dataMoved(v);
    case 'PodVolumeBackup':
      return podVolumeBackup(v);
    default:
      return skipped(
        v,
        `${
          behaviourAnnotations.backupMethod
        } "${method}" is not one of ${backupMethods.join(', ')};`,
      );
  }
}

/**
 * Velero lists skipped volumes first, then native snapshots, CSI snapshots,
 * pod-volume backups and data uploads (within a group its order is a Go
 * map's; here it is by PV name).
 */
function rank(info: BackupVolumeInfo): number {
  if (info.skipped) return 0;
  if (info.snapshotDataMoved) return 4;
  return (
    ['NativeSnapshot', 'CSISnapshot', 'PodVolumeBackup'].indexOf(
      info.backupMethod!,
    ) + 1
  );
}

/**
 * The volume information Velero writes for a backup: one entry per
 * PersistentVolume the backup holds, with the claim it was bound to and how
 * its data was taken.
 */
export function backupVolumeInfos(
  backup: string,
  items: KubeObject[],
  at: string,
): BackupVolumeInfo[] {
  const claims = items.filter(o => o.kind === 'PersistentVolumeClaim');
  const pods = items.filter(o => o.kind === 'Pod');
  return items
    .filter(o => o.kind === 'PersistentVolume')
    .map(pv => {
      const ref = pv.spec?.claimRef;
      const claim = claims.find(
        c =>
          c.metadata.namespace === ref?.namespace &&
          c.metadata.name === ref?.name,
      );
      const pod = pods.find(
        p =>
          claim &&
          p.metadata.namespace === claim.metadata.namespace &&
          (p.spec?.volumes ?? []).some(
            (vol: any) =>
              vol.persistentVolumeClaim?.claimName === claim.metadata.name,
          ),
      );
      return volumeInfo({ backup, at, pv, claim, pod });
    })
    .sort(
      (a, b) =>
        rank(a) - rank(b) || (a.pvName ?? '').localeCompare(b.pvName ?? ''),
    );
}
