import type { BackupVolume } from '@kymaros/plugin-kymaros-node';

/**
 * One entry of Velero's `BackupVolumeInfos` file
 * (internal/volume/volumes_information.go), the fields read here.
 */
interface VeleroVolumeInfo {
  pvcName?: string;
  pvcNamespace?: string;
  pvName?: string;
  backupMethod?: string;
  snapshotDataMoved?: boolean;
  skipped?: boolean;
  skippedReason?: string;
  result?: string;
  pvInfo?: { reclaimPolicy?: string };
}

/** How the volume's data is held, and why there is none when there is none. */
function dataOf(info: VeleroVolumeInfo): Pick<BackupVolume, 'data' | 'reason'> {
  if (info.skipped)
    return { data: 'none', reason: info.skippedReason || 'skipped by Velero' };
  if (info.result === 'failed')
    return { data: 'none', reason: `the ${info.backupMethod} backup failed` };
  switch (info.backupMethod) {
    case 'NativeSnapshot':
      return { data: 'snapshot' };
    case 'PodVolumeBackup':
      return { data: 'file-system' };
    case 'CSISnapshot':
      // Velero restores the claim from the VolumeSnapshot: no volume object of the source is needed.
      return { data: info.snapshotDataMoved ? 'data-mover' : 'csi-snapshot' };
    case undefined:
    case '':
      return { data: 'none', reason: 'Velero backed up no data' };
    default:
      // Unknown data counts as none: the volume is then never restored as is.
      return {
        data: 'none',
        reason: `Velero's backup method "${info.backupMethod}" is not one Kymaros knows`,
      };
  }
}

/** Velero's volume infos as the provider-neutral volume list. */
export function toBackupVolumes(
  infos: unknown,
  backup: string,
): BackupVolume[] {
  if (!Array.isArray(infos))
    throw new Error(`Backup ${backup}: the volume infos are not a JSON list`);
  return infos.map((info: VeleroVolumeInfo) => ({
    ...(info.pvName ? { volumeName: info.pvName } : {}),
    ...(info.pvcName && info.pvcNamespace
      ? { claim: { namespace: info.pvcNamespace, name: info.pvcName } }
      : {}),
    ...dataOf(info),
    ...(info.pvInfo?.reclaimPolicy
      ? { reclaimPolicy: info.pvInfo.reclaimPolicy }
      : {}),
  }));
}
