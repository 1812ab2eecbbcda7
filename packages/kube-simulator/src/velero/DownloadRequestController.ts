import type { SimulatorContext } from '../context';
import { rfc3339 } from '../store/ObjectStore';
import { veleroKinds, VeleroKinds } from './VeleroTypes';
import { downloadUrlTtlMs, ObjectStorage } from './ObjectStorage';
import { Controller } from '../controllers/Controller';

/** Object keys per target kind, as Velero's object-store layout names them. */
const keyFor: Record<string, (name: string) => string> = {
  BackupLog: b => `backups/${b}/${b}-logs.gz`,
  BackupContents: b => `backups/${b}/${b}.tar.gz`,
  BackupResourceList: b => `backups/${b}/${b}-resource-list.json.gz`,
  BackupResults: b => `backups/${b}/${b}-results.gz`,
  BackupVolumeSnapshots: b => `backups/${b}/${b}-volumesnapshots.json.gz`,
  BackupItemOperations: b => `backups/${b}/${b}-itemoperations.json.gz`,
  BackupVolumeInfos: b => `backups/${b}/${b}-volumeinfo.json.gz`,
  CSIBackupVolumeSnapshots: b =>
    `backups/${b}/${b}-csi-volumesnapshots.json.gz`,
  CSIBackupVolumeSnapshotContents: b =>
    `backups/${b}/${b}-csi-volumesnapshotcontents.json.gz`,
  RestoreLog: r => `restores/${r}/restore-${r}-logs.gz`,
  RestoreResults: r => `restores/${r}/restore-${r}-results.gz`,
  RestoreResourceList: r => `restores/${r}/restore-${r}-resource-list.json.gz`,
  RestoreItemOperations: r =>
    `restores/${r}/restore-${r}-itemoperations.json.gz`,
  RestoreVolumeInfo: r => `restores/${r}/${r}-volumeinfo.json.gz`,
};

/**
 * DownloadRequests get a pre-signed URL (valid ten minutes) once their target
 * Backup or Restore and its storage location resolve; otherwise they never
 * get one. Expired requests are deleted.
 */
export class DownloadRequestController extends Controller {
  private readonly v: VeleroKinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly storage: ObjectStorage,
    private readonly veleroNamespace: string,
  ) {
    super();
    this.v = veleroKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (
        e.object.kind !== 'DownloadRequest' ||
        e.object.metadata.namespace !== veleroNamespace
      )
        return;
      if (e.type === 'ADDED' && !e.object.status?.phase)
        ctx.setTimer(
          () => this.process(e.object.metadata.name),
          Math.min(100, ctx.options.veleroStepMs),
        );
    });
  }

  private process(name: string) {
    const dr = this.ctx.store.get(
      this.v.downloadRequests,
      this.veleroNamespace,
      name,
    );
    if (!dr || dr.status?.phase === 'Processed') return;
    const kind = dr.spec?.target?.kind as string;
    const target = dr.spec?.target?.name as string;
    if (!keyFor[kind] || !target) return;
    let backupName = target;
    if (kind.startsWith('Restore')) {
      const restore = this.ctx.store.get(
        this.v.restores,
        this.veleroNamespace,
        target,
      );
      if (!restore) return;
      backupName = restore.spec?.backupName;
    }
    const backup = this.ctx.store.get(
      this.v.backups,
      this.veleroNamespace,
      backupName,
    );
    if (!backup) return;
    const bsl = this.ctx.store.get(
      this.v.bsls,
      this.veleroNamespace,
      backup.spec?.storageLocation || 'default',
    );
    if (!bsl) return;
    const { url, expiration } = this.storage.signedUrl(keyFor[kind](target));
    this.ctx.store.mutate(
      this.v.downloadRequests,
      this.veleroNamespace,
      name,
      d => {
        d.status = {
          phase: 'Processed',
          downloadURL: url,
          expiration: rfc3339(expiration),
        };
      },
    );
    this.ctx.setTimer(() => {
      try {
        this.ctx.store.delete(
          this.v.downloadRequests,
          this.veleroNamespace,
          name,
        );
      } catch {
        // deleted by its creator already
      }
    }, downloadUrlTtlMs + 1000);
  }
}
