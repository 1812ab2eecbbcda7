import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { rfc3339 } from '../store/ObjectStore';
import {
  matchesRequirements,
  selectorObjectToRequirements,
} from '../store/labelSelector';
import { parseDuration } from '../scenario/duration';
import { kinds } from '../controllers/kinds';
import { veleroKinds, VeleroKinds } from './VeleroTypes';
import type { BackupContentsStore } from './BackupContents';
import { namespaceIncluded, resourceIncluded } from './labels';
import { Controller } from '../controllers/Controller';

/** Kinds a namespace-filtered backup leaves out (cluster-scoped ones are added only as PVs of included claims). */
const neverBackedUp = new Set([
  'events',
  'backups',
  'restores',
  'downloadrequests',
  'schedules',
  'backupstoragelocations',
  'deletebackuprequests',
  'podvolumerestores',
]);

/** Annotation of a scenario backup that failed: Velero's `status.failureReason` for it. */
export const BACKUP_FAILURE_REASON = 'sim.kymaros.io/backup-failure-reason';

function failureReasonOf(
  backup: KubeObject,
  status: Record<string, unknown>,
): { failureReason?: string } {
  const reason = backup.metadata.annotations?.[BACKUP_FAILURE_REASON];
  if (reason === undefined || status.phase !== 'Failed') return {};
  return { failureReason: reason };
}

/**
 * Velero's backup controller: a new Backup is validated, goes InProgress, the
 * objects of its included namespaces are captured into object storage, and it
 * ends Completed (or FailedValidation when its storage location is missing or
 * unavailable).
 */
export class BackupController extends Controller {
  private readonly v: VeleroKinds;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: BackupContentsStore,
    private readonly veleroNamespace: string,
  ) {
    super();
    this.v = veleroKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (
        e.object.kind !== 'Backup' ||
        e.object.metadata.namespace !== veleroNamespace
      )
        return;
      if (e.type === 'ADDED' && !e.object.status?.phase)
        this.ctx.setTimer(
          () => this.process(e.object.metadata.name),
          ctx.options.veleroStepMs,
        );
      if (e.type === 'DELETED') contents.delete(e.object.metadata.name);
    });
  }

  /** Captures the objects a backup with this spec would hold right now. */
  snapshot(spec: any): KubeObject[] {
    const k = kinds(this.ctx.registry);
    const labelReqs = selectorObjectToRequirements(spec?.labelSelector);
    const items: KubeObject[] = [];
    const namespaces = this.ctx.store
      .list(k.namespaces, undefined)
      .filter(n =>
        namespaceIncluded(
          n.metadata.name,
          spec?.includedNamespaces?.includes('*')
            ? []
            : spec?.includedNamespaces,
          spec?.excludedNamespaces,
        ),
      )
      .map(n => n.metadata.name);
    for (const ns of namespaces) {
      items.push(this.ctx.store.get(k.namespaces, undefined, ns)!);
      for (const type of this.ctx.registry.all()) {
        if (!type.namespaced || neverBackedUp.has(type.plural)) continue;
        if (
          !resourceIncluded(
            type,
            spec?.includedResources,
            spec?.excludedResources,
          )
        )
          continue;
        for (const o of this.ctx.store.list(type, ns)) {
          if (
            labelReqs.length &&
            !matchesRequirements(o.metadata.labels, labelReqs)
          )
            continue;
          items.push(o);
        }
      }
    }
    // PersistentVolumes come along as additional items of the claims they are bound to.
    const claimed = new Set(
      items
        .filter(o => o.kind === 'PersistentVolumeClaim')
        .map(o => o.spec?.volumeName)
        .filter(Boolean),
    );
    for (const pv of this.ctx.store.list(k.pvs, undefined))
      if (claimed.has(pv.metadata.name)) items.push(pv);
    return items;
  }

  private bslAvailable(name: string): { ok: boolean; reason?: string } {
    const bsl = this.ctx.store.get(this.v.bsls, this.veleroNamespace, name);
    if (!bsl)
      return {
        ok: false,
        reason: `an existing backup storage location was not specified at backup creation time and the default location ${name} could not be found`,
      };
    if (bsl.status?.phase !== 'Available')
      return {
        ok: false,
        reason: `backup can't be created because BackupStorageLocation ${name} is in Unavailable status.`,
      };
    return { ok: true };
  }

  private process(name: string) {
    const backup = this.ctx.store.get(
      this.v.backups,
      this.veleroNamespace,
      name,
    );
    if (!backup || backup.status?.phase) return;
    const location = backup.spec?.storageLocation || 'default';
    const bsl = this.bslAvailable(location);
    const patch = (status: any, labels?: Record<string, string>) =>
      this.ctx.store.mutate(this.v.backups, this.veleroNamespace, name, b => {
        b.status = { ...(b.status ?? {}), ...status };
        if (labels)
          b.metadata.labels = { ...(b.metadata.labels ?? {}), ...labels };
      });
    if (!bsl.ok) {
      patch({
        phase: 'FailedValidation',
        validationErrors: [bsl.reason],
        formatVersion: '1.1.0',
      });
      return;
    }
    const start = this.ctx.clock.now();
    patch(
      {
        phase: 'InProgress',
        startTimestamp: rfc3339(start),
        formatVersion: '1.1.0',
        version: 1,
      },
      { 'velero.io/storage-location': location },
    );
    const items = this.snapshot(backup.spec);
    this.ctx.setTimer(() => {
      if (!this.ctx.store.get(this.v.backups, this.veleroNamespace, name))
        return;
      this.contents.save(
        name,
        items,
        `time="${rfc3339(start)}" level=info msg="Backing up ${
          items.length
        } items" backup=${this.veleroNamespace}/${name}\n`,
        rfc3339(start),
      );
      let ttlMs = 720 * 3600 * 1000;
      try {
        if (backup.spec?.ttl) ttlMs = parseDuration(backup.spec.ttl);
      } catch {
        // keep Velero's default of 30 days
      }
      const now = this.ctx.clock.now();
      patch({
        phase: 'Completed',
        completionTimestamp: rfc3339(now),
        expiration: rfc3339(now + ttlMs),
        progress: { totalItems: items.length, itemsBackedUp: items.length },
      });
    }, this.ctx.options.veleroStepMs);
  }

  /** Records a backup that already exists (from a scenario): Completed, with its own timestamps and contents. */
  recordCompleted(
    backup: KubeObject,
    items: KubeObject[],
    status: Record<string, unknown>,
  ): void {
    const created = this.ctx.store.create(
      this.v.backups,
      this.veleroNamespace,
      {
        ...backup,
        metadata: {
          ...backup.metadata,
          labels: {
            'velero.io/storage-location':
              backup.spec?.storageLocation ?? 'default',
            ...(backup.metadata.labels ?? {}),
          },
        },
        status: {
          formatVersion: '1.1.0',
          version: 1,
          ...status,
          ...failureReasonOf(backup, status),
          progress: { totalItems: items.length, itemsBackedUp: items.length },
        },
      },
    );
    if (['Completed', 'PartiallyFailed'].includes(String(status.phase))) {
      this.contents.save(
        created.metadata.name,
        items,
        `time="${status.startTimestamp}" level=info msg="Backing up ${items.length} items"\n`,
        String(status.startTimestamp),
      );
    }
  }
}
