import { NotFoundError } from '@backstage/errors';
import type {
  BackupManifests,
  BackupVolume,
} from '@kymaros/plugin-kymaros-node';
import { describeError } from '../../util/errors';
import { BackupObjectCollector } from './backupObjects';
import { toBackupVolumes } from './backupVolumes';
import { readGzippedTar, type TarReadLimits } from './readGzippedTar';
import type { VeleroDownloads } from './VeleroDownloads';

const MiB = 1024 * 1024;

/** How much of a backup tarball is read: beyond, the manifests are a part of the backup. */
export const BACKUP_CONTENTS_LIMITS: TarReadLimits = {
  compressedBytes: 64 * MiB,
  unzippedBytes: 256 * MiB,
};

/** The objects of `namespaces` (and their claims' volumes) from the backup tarball. */
async function readObjects(
  downloads: VeleroDownloads,
  backup: string,
  namespaces: string[],
  limits: TarReadLimits,
  signal: AbortSignal,
) {
  const tarball = await downloads.open('BackupContents', backup, signal);
  if (!tarball)
    throw new NotFoundError(
      `Velero has no contents stored for backup ${backup} (not yet uploaded, or deleted)`,
    );
  const collector = new BackupObjectCollector(namespaces);
  const { truncated } = await readGzippedTar(
    tarball,
    limits,
    collector,
    signal,
  ).catch(e => {
    if (signal.aborted) throw e;
    throw new Error(`Backup ${backup} contents: ${describeError(e)}`);
  });
  return { objects: collector.objects, truncated };
}

/** Volume infos of the claims in `namespaces`, or of the volumes read; undefined when Velero wrote none (before 1.13). */
async function readVolumes(
  downloads: VeleroDownloads,
  backup: string,
  signal: AbortSignal,
): Promise<BackupVolume[] | undefined> {
  const file = await downloads.fetch('BackupVolumeInfos', backup, signal);
  if (!file) return undefined;
  return toBackupVolumes(JSON.parse(file.toString('utf8')), backup);
}

/**
 * A backup's objects in some source namespaces, the volumes their claims
 * use, and how each volume's data is held: the tarball (`BackupContents`,
 * read as it arrives within `limits`) and the volume infos downloaded side
 * by side. One failing stops the other.
 */
export async function readBackupManifests(
  downloads: VeleroDownloads,
  backup: string,
  namespaces: string[],
  signal?: AbortSignal,
  limits: TarReadLimits = BACKUP_CONTENTS_LIMITS,
): Promise<BackupManifests> {
  const stop = new AbortController();
  const either = signal ? AbortSignal.any([signal, stop.signal]) : stop.signal;
  const stopOnFailure = <T>(p: Promise<T>) =>
    p.catch(e => {
      stop.abort(e);
      throw e;
    });
  const [read, volumes] = await Promise.all([
    stopOnFailure(readObjects(downloads, backup, namespaces, limits, either)),
    stopOnFailure(readVolumes(downloads, backup, either)),
  ]);
  const inNamespaces = new Set(namespaces);
  const volumesRead = new Set(
    read.objects.filter(o => !o.namespace).map(o => o.name),
  );
  return {
    objects: read.objects,
    ...(volumes
      ? {
          volumes: volumes.filter(v =>
            v.claim
              ? inNamespaces.has(v.claim.namespace)
              : volumesRead.has(v.volumeName ?? ''),
          ),
        }
      : {}),
    ...(read.truncated ? { truncated: true } : {}),
  };
}
