import type { KubeObject } from '../store/types';
import type { ResourceRegistry } from '../api/resources';
import { groupResource, itemName, resourceListKey } from './labels';
import { tar } from './tar';
import type { ObjectStorage } from './ObjectStorage';
import { backupVolumeInfos, type BackupVolumeInfo } from './backupVolumeInfo';

/** The objects one backup holds, as they were when it was taken. */
export class BackupContentsStore {
  private readonly contents = new Map<string, KubeObject[]>();
  private readonly volumes = new Map<string, BackupVolumeInfo[]>();

  constructor(
    private readonly registry: ResourceRegistry,
    private readonly storage: ObjectStorage,
  ) {}

  get(backup: string): KubeObject[] | undefined {
    const c = this.contents.get(backup);
    return c ? JSON.parse(JSON.stringify(c)) : undefined;
  }

  /** How the backup took each of its volumes, keyed by PV name. */
  volumeInfos(backup: string): Map<string, BackupVolumeInfo> {
    return new Map(
      (this.volumes.get(backup) ?? []).map(v => [v.pvName ?? '', v]),
    );
  }

  /** Stores the items and uploads the files Velero writes for a backup started at `startedAt`. */
  save(
    backup: string,
    items: KubeObject[],
    log: string,
    startedAt: string,
  ): void {
    this.contents.set(backup, JSON.parse(JSON.stringify(items)));
    const volumes = backupVolumeInfos(backup, items, startedAt);
    this.volumes.set(backup, volumes);
    const list: Record<string, string[]> = {};
    const files: { path: string; data: Buffer }[] = [
      { path: 'metadata/version', data: Buffer.from('1.1.0\n') },
    ];
    for (const o of items) {
      const type = this.registry.byKind(o.apiVersion, o.kind);
      if (!type) continue;
      (list[resourceListKey(type)] ??= []).push(itemName(o));
      const scope = o.metadata.namespace
        ? `namespaces/${o.metadata.namespace}`
        : 'cluster';
      files.push({
        path: `resources/${groupResource(type)}/${scope}/${
          o.metadata.name
        }.json`,
        data: Buffer.from(JSON.stringify(o)),
      });
    }
    Object.values(list).forEach(v => v.sort());
    this.storage.putGzipped(
      `backups/${backup}/${backup}-resource-list.json.gz`,
      JSON.stringify(list),
    );
    this.storage.putGzipped(
      `backups/${backup}/${backup}-results.gz`,
      JSON.stringify({ errors: {}, warnings: {} }),
    );
    this.storage.putGzipped(`backups/${backup}/${backup}-logs.gz`, log);
    this.storage.putGzipped(
      `backups/${backup}/${backup}-volumeinfo.json.gz`,
      JSON.stringify(volumes),
    );
    this.storage.putGzipped(`backups/${backup}/${backup}.tar.gz`, tar(files));
  }

  delete(backup: string): void {
    this.contents.delete(backup);
    this.volumes.delete(backup);
    this.storage.deletePrefix(`backups/${backup}/`);
  }
}
