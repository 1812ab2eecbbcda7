import * as k8s from '@kubernetes/client-node';
import { NotFoundError, InputError } from '@backstage/errors';
import type {
  BackupContents,
  BackupManifests,
  BackupProvider,
  BackupRef,
  BackupSchedule,
  CreateBackupOptions,
  RestoreCleanupResult,
  RestoreHandle,
  RestoreObjectInfo,
  RestoreOptions,
  RestoreOutcome,
  RestoreTerminalPhase,
  RestoredItem,
  RestoreLog,
  RestoreResults,
  WaitOptions,
} from '@kymaros/plugin-kymaros-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { restoreStart } from './restoreStart';
import { VeleroDownloads } from './VeleroDownloads';
import {
  coversNamespaces,
  parseResourceList,
  parseRestoredList,
} from './resourceLists';
import { readIfPresent } from '../../kube/kubeErrors';
import { watchObject } from '../../kube/watchObject';
import { formatBytes } from '@kymaros/plugin-kymaros-node';
import { BackupWatch, VeleroObject, listBackupObjects } from './BackupWatch';
import { readBackupManifests } from './backupManifests';
import type { TarReadLimits } from './readGzippedTar';
import { resourceModifiersYaml } from './resourceModifiers';
import {
  CreatedConfigMap,
  MODIFIERS_NAME_PREFIX,
  ResourceModifierConfigMaps,
} from './ResourceModifierConfigMaps';
import {
  SandboxRestoreSpec,
  sandboxRestoreSpec,
  specDifference,
} from './sandboxRestoreSpec';

import { veleroSchedules } from './schedules';
import {
  BACKUP_NAME_PREFIX,
  assertBackupName,
  onDemandBackupSpec,
} from './createBackup';

export { excludedFromSandboxRestores } from './sandboxRestoreSpec';

const group = 'velero.io';
const version = 'v1';
const terminalPhases: RestoreTerminalPhase[] = [
  'Completed',
  'PartiallyFailed',
  'Failed',
  'FailedValidation',
];
const eligiblePhases = ['Completed', 'PartiallyFailed'];

export interface VeleroProviderOptions {
  kubeConfig: k8s.KubeConfig;
  namespace: string;
  logger: LoggerService;
  /** How long a DownloadRequest may take to get its URL. */
  downloadTimeoutMs?: number;
  /** The cluster's Backups shared by every run there; without it, each query lists them. */
  backups?: BackupWatch;
  /** How much of a backup tarball getBackupManifests reads (default BACKUP_CONTENTS_LIMITS). */
  manifestLimits?: TarReadLimits;
}

/**
 * Velero (`velero.io/v1`): backups in Velero's namespace, restores with a
 * namespace mapping into the sandboxes and their edits as resource
 * modifiers, completion followed by watch, and the backup's contents from
 * its `BackupResourceList`, `BackupContents` and `BackupVolumeInfos` downloads.
 */
export class VeleroProvider implements BackupProvider {
  readonly name = 'velero';
  readonly ownedObjects;
  private readonly custom: k8s.CustomObjectsApi;
  private readonly downloads: VeleroDownloads;
  private readonly modifiers: ResourceModifierConfigMaps;
  private locations?: Promise<VeleroObject[]>;

  constructor(private readonly options: VeleroProviderOptions) {
    this.custom = options.kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    this.ownedObjects = [
      { namespace: options.namespace, group, plural: 'restores' },
      { namespace: options.namespace, group, plural: 'downloadrequests' },
      {
        namespace: options.namespace,
        group: '',
        plural: 'configmaps',
        namePrefix: MODIFIERS_NAME_PREFIX,
      },
      // On-demand backups: created, never changed or deleted (Velero's GC expires them by TTL).
      {
        namespace: options.namespace,
        group,
        plural: 'backups',
        namePrefix: BACKUP_NAME_PREFIX,
        createOnly: true,
      },
    ];
    this.modifiers = new ResourceModifierConfigMaps(
      options.kubeConfig,
      options.namespace,
      options.logger,
    );
    this.downloads = new VeleroDownloads(
      options.kubeConfig,
      options.namespace,
      options.downloadTimeoutMs ?? 60_000,
      () => this.storageLocations(),
    );
  }

  private ref(plural: string) {
    return { group, version, namespace: this.options.namespace, plural };
  }

  /** Read once per provider (one run): availability and the CA for downloads both come from it. */
  /** One Velero object of Velero's namespace, by kind and name. */
  private read(plural: string, name: string): Promise<VeleroObject> {
    return this.custom.getNamespacedCustomObject({
      ...this.ref(plural),
      name,
    }) as Promise<VeleroObject>;
  }

  private storageLocations(): Promise<VeleroObject[]> {
    this.locations ??= (
      this.custom.listNamespacedCustomObject(
        this.ref('backupstoragelocations'),
      ) as Promise<{ items: VeleroObject[] }>
    ).then(
      list => list.items,
      e => {
        this.locations = undefined;
        throw e;
      },
    );
    return this.locations;
  }

  private async availableLocations(): Promise<Set<string>> {
    return new Set(
      (await this.storageLocations())
        .filter(l => l.status?.phase === 'Available')
        .map(l => l.metadata.name),
    );
  }

  private toRef(b: VeleroObject): BackupRef {
    return {
      name: b.metadata.name,
      provider: this.name,
      phase: b.status?.phase ?? '',
      startedAt: b.status?.startTimestamp,
      completedAt: b.status?.completionTimestamp,
      expiresAt: b.status?.expiration,
      includedNamespaces: b.spec?.includedNamespaces ?? [],
      partiallyFailed: b.status?.phase === 'PartiallyFailed',
      storageLocation: b.spec?.storageLocation || undefined,
    };
  }

  async listBackups(namespaces: string[]): Promise<BackupRef[]> {
    const [backups, locations] = await Promise.all([
      this.backupObjects(),
      this.availableLocations(),
    ]);
    const now = Date.now();
    return (
      backups
        .filter(b => eligiblePhases.includes(b.status?.phase))
        .filter(
          b =>
            !b.metadata.labels?.['velero.io/deleting'] &&
            (!b.status?.expiration || Date.parse(b.status.expiration) > now),
        )
        .filter(b => locations.has(b.spec?.storageLocation || 'default'))
        .filter(b => coversNamespaces(b.spec ?? {}, namespaces))
        // Velero sorts by startTimestamp too: synced backups get a new creationTimestamp.
        .sort((a, b) =>
          String(b.status?.startTimestamp ?? '').localeCompare(
            String(a.status?.startTimestamp ?? ''),
          ),
        )
        .map(b => this.toRef(b))
    );
  }

  private async backupObjects(): Promise<VeleroObject[]> {
    const { backups, kubeConfig, namespace, logger } = this.options;
    if (backups) return backups.backups(kubeConfig, logger);
    return (await listBackupObjects(kubeConfig, namespace)).items;
  }

  /** Schedules in Velero's namespace whose template takes any of the namespaces, with their last outcomes. */
  async listSchedules(namespaces: string[]): Promise<BackupSchedule[]> {
    const [schedules, backups] = await Promise.all([
      this.custom.listNamespacedCustomObject(this.ref('schedules')) as Promise<{
        items: VeleroObject[];
      }>,
      this.backupObjects(),
    ]);
    return veleroSchedules(
      schedules.items,
      backups,
      namespaces,
      this.options.namespace,
    );
  }

  /**
   * A Backup of exactly these namespaces, with the storage, retention and
   * volume settings of `options.schedule` when given. Created without a
   * status block: Velero ignores a Backup that arrives with one.
   */
  async createBackup(
    namespaces: string[],
    options: CreateBackupOptions,
  ): Promise<BackupRef> {
    assertBackupName(options.name);
    const template = options.schedule
      ? await this.scheduleTemplate(options.schedule)
      : undefined;
    const created = (await this.custom.createNamespacedCustomObject({
      ...this.ref('backups'),
      body: {
        apiVersion: `${group}/${version}`,
        kind: 'Backup',
        metadata: { name: options.name, labels: options.labels },
        spec: onDemandBackupSpec(namespaces, template),
      },
    })) as VeleroObject;
    return this.toRef(created);
  }

  private async scheduleTemplate(schedule: {
    name: string;
    namespace: string;
  }): Promise<Record<string, unknown>> {
    if (schedule.namespace !== this.options.namespace)
      throw new InputError(
        `Schedule ${schedule.namespace}/${schedule.name} is not in Velero's namespace "${this.options.namespace}"`,
      );
    const found = await readIfPresent(() =>
      this.read('schedules', schedule.name),
    );
    if (!found)
      throw new NotFoundError(
        `Velero has no schedule ${schedule.namespace}/${schedule.name}`,
      );
    return found.spec?.template ?? {};
  }

  async getLatestBackup(namespaces: string[]): Promise<BackupRef | undefined> {
    return (await this.listBackups(namespaces))[0];
  }

  async getBackup(name: string): Promise<BackupRef | undefined> {
    const backup = await readIfPresent(() => this.read('backups', name));
    return backup && this.toRef(backup);
  }

  async getBackupContents(
    backup: BackupRef,
    signal?: AbortSignal,
  ): Promise<BackupContents> {
    const [body, size] = await Promise.all([
      this.downloads.fetch('BackupResourceList', backup.name, signal),
      this.downloads
        .size('BackupContents', backup.name, signal)
        .catch(() => undefined),
    ]);
    if (body === undefined) {
      throw new NotFoundError(
        `Velero has no resource list for backup ${backup.name} (backups made before Velero 1.1 or not yet uploaded)`,
      );
    }
    const items = parseResourceList(JSON.parse(body.toString('utf8')));
    return {
      items,
      // The size alone, as the documented report shows it (`2.3 GiB`).
      ...(size !== undefined ? { size: formatBytes(size) } : {}),
    };
  }

  /**
   * The objects of `namespaces` in the backup's tarball, their claims'
   * volumes, and how Velero took each volume's data (`volumes` is absent
   * for backups made before Velero wrote volume infos).
   */
  async getBackupManifests(
    backup: BackupRef,
    namespaces: string[],
    signal?: AbortSignal,
  ): Promise<BackupManifests> {
    return readBackupManifests(
      this.downloads,
      backup.name,
      namespaces,
      signal,
      this.options.manifestLimits,
    );
  }

  /**
   * Creates the Restore; with edits, first the ConfigMap of resource
   * modifiers it names (Velero validates it when it picks the restore up),
   * then made owned by the Restore. Malformed edits are refused before
   * anything is created; a spec Velero did not keep as sent is deleted.
   */
  async triggerRestore(
    backup: BackupRef,
    namespaceMapping: Record<string, string>,
    options: RestoreOptions,
  ): Promise<RestoreHandle> {
    if (Object.keys(namespaceMapping).length === 0)
      throw new InputError('A restore needs at least one namespace mapping');
    const { name } = options;
    const edits = options.transforms?.edits ?? [];
    const rules = edits.length ? resourceModifiersYaml(edits) : undefined;
    if (rules && !name.startsWith(MODIFIERS_NAME_PREFIX))
      throw new InputError(
        `Restore ${name} cannot carry edits: its resource modifiers ConfigMap would need a name starting with "${MODIFIERS_NAME_PREFIX}"`,
      );
    const spec = sandboxRestoreSpec(
      backup.name,
      namespaceMapping,
      options,
      rules ? name : undefined,
    );
    const modifiers = rules
      ? await this.modifiers.create(name, rules, options.labels)
      : undefined;
    let handle: RestoreHandle & { uid: string };
    try {
      handle = await this.createRestore(name, options.labels, spec);
    } catch (e) {
      if (modifiers) await this.modifiers.remove(modifiers).catch(() => false);
      throw e;
    }
    try {
      if (modifiers)
        await this.modifiers.ownBy(modifiers, { name, uid: handle.uid });
      await this.verifyStored(handle, spec);
    } catch (e) {
      // Delete at once: a restore without its spec or modifiers must not be left to run.
      await this.abandon(handle, modifiers);
      throw e;
    }
    return handle;
  }

  private async createRestore(
    name: string,
    labels: Record<string, string>,
    spec: SandboxRestoreSpec,
  ): Promise<RestoreHandle & { uid: string }> {
    const created = (await this.custom.createNamespacedCustomObject({
      ...this.ref('restores'),
      // No status block: a Restore created with a status is ignored by Velero.
      body: {
        apiVersion: `${group}/${version}`,
        kind: 'Restore',
        metadata: { name, labels },
        spec,
      },
    })) as VeleroObject;
    return { id: name, provider: this.name, uid: created.metadata.uid! };
  }

  /** Velero's CRDs prune unknown fields silently; read the spec back to be sure it is what was sent. */
  private async verifyStored(handle: RestoreHandle, sent: SandboxRestoreSpec) {
    const stored = await this.read('restores', handle.id);
    const difference = specDifference(sent, stored.spec);
    if (difference)
      throw new Error(
        `Velero stored a different restore spec than requested (${difference}); refusing to continue`,
      );
  }

  private async abandon(
    handle: RestoreHandle & { uid: string },
    modifiers: CreatedConfigMap | undefined,
  ) {
    await this.cleanupRestore(handle);
    if (modifiers) await this.modifiers.remove(modifiers).catch(() => false);
  }

  async waitForRestore(
    handle: RestoreHandle,
    options: WaitOptions,
  ): Promise<RestoreOutcome> {
    let seenWaiting = false;
    let seenInProgressAt: number | undefined;
    const restore = await this.waitForRestorePhase(
      handle.id,
      r => {
        const phase = r.status?.phase ?? '';
        // Only a change seen from not started to in progress dates the start;
        // a restore first seen already going (or done) started before that.
        if (!phase || phase === 'New') seenWaiting = true;
        else if (seenWaiting && !terminalPhases.includes(phase))
          seenInProgressAt ??= Date.now();
        options.onProgress?.({
          phase: phase || 'Queued',
          itemsRestored: r.status?.progress?.itemsRestored,
          itemsTotal: r.status?.progress?.totalItems,
        });
        return terminalPhases.includes(phase);
      },
      options.signal,
    );
    const status = restore.status ?? {};
    const phase = status.phase as RestoreTerminalPhase;
    const messages: string[] = [
      ...(status.validationErrors ?? []),
      ...(status.failureReason ? [status.failureReason] : []),
    ];
    return {
      phase,
      startedAt: restoreStart(status.startTimestamp, seenInProgressAt),
      completedAt: status.completionTimestamp,
      itemsTotal: status.progress?.totalItems,
      itemsRestored: status.progress?.itemsRestored,
      errors: status.errors ?? 0,
      warnings: status.warnings ?? 0,
      messages,
    };
  }

  /** The restore's results and resource list, downloaded side by side; what cannot be read is left out. */
  async readRestoreResults(
    handle: RestoreHandle,
    signal: AbortSignal,
  ): Promise<RestoreResults> {
    const [results, restored] = await Promise.all(
      (['RestoreResults', 'RestoreResourceList'] as const).map(kind =>
        this.downloads.fetch(kind, handle.id, signal).catch(() => undefined),
      ),
    );
    const messages = results
      ? resultMessages(JSON.parse(results.toString('utf8')), 'errors')
      : [];
    const items: RestoredItem[] | undefined = restored
      ? parseRestoredList(JSON.parse(restored.toString('utf8')))
      : undefined;
    return { messages, items };
  }

  /**
   * The restore's log (`RestoreLog`) and its warnings and errors
   * (`RestoreResults`), downloaded side by side; a file that cannot be read
   * is left out, and says why when neither can.
   */
  async readRestoreLog(
    handle: RestoreHandle,
    signal: AbortSignal,
  ): Promise<RestoreLog> {
    const [log, results] = await Promise.allSettled(
      (['RestoreLog', 'RestoreResults'] as const).map(kind =>
        this.downloads.fetch(kind, handle.id, signal),
      ),
    );
    if (log.status === 'rejected' && results.status === 'rejected')
      throw log.reason;
    const parsed =
      results.status === 'fulfilled' && results.value
        ? JSON.parse(results.value.toString('utf8'))
        : undefined;
    return {
      ...(log.status === 'fulfilled' && log.value
        ? { log: log.value.toString('utf8') }
        : {}),
      warnings: resultMessages(parsed, 'warnings'),
      errors: resultMessages(parsed, 'errors'),
    };
  }

  async findRestore(name: string): Promise<RestoreObjectInfo | undefined> {
    const r = await readIfPresent(() => this.read('restores', name));
    return (
      r && { uid: r.metadata.uid!, createdAt: r.metadata.creationTimestamp }
    );
  }

  async cleanupRestore(
    handle: RestoreHandle & { uid: string },
    options?: { settle?: AbortSignal },
  ): Promise<RestoreCleanupResult> {
    const current = await this.findRestore(handle.id);
    if (!current) return 'gone';
    if (current.uid !== handle.uid) return 'not-ours';
    // Velero's worker does not stop when its Restore is deleted: it goes on
    // creating objects, and re-creates the target namespaces after the
    // sandboxes are gone. Let it reach a terminal phase first.
    if (options?.settle) await this.settle(handle.id, options.settle);
    try {
      await this.custom.deleteNamespacedCustomObject({
        ...this.ref('restores'),
        name: handle.id,
        body: { preconditions: { uid: handle.uid } },
      });
      return 'deleted';
    } catch (e) {
      if (e instanceof k8s.ApiException && e.code === 404) return 'gone';
      // The precondition failed: the name now belongs to another object.
      if (e instanceof k8s.ApiException && e.code === 409) return 'not-ours';
      throw e;
    }
  }

  /**
   * Deletes the resource modifiers ConfigMap named like the restore, only
   * if it is owned by the restore with `restoreUid`, or has no owner and was
   * created after the engine recorded the name.
   */
  cleanupRestoreCompanions(
    name: string,
    options: { restoreUid?: string; recordedAt: string },
  ): Promise<string[]> {
    return this.modifiers.cleanup(name, options);
  }

  /** Waits until the restore is terminal or gone, or the signal ends the wait. */
  private async settle(name: string, signal: AbortSignal): Promise<void> {
    // Gone, aborted or failing: in every case the restore is deleted next.
    await this.waitForRestorePhase(
      name,
      r => terminalPhases.includes(r.status?.phase),
      signal,
    ).catch(() => undefined);
  }

  /** Follows a Restore by watch until `done` says so (see watchObject). */
  private waitForRestorePhase(
    name: string,
    done: (restore: VeleroObject) => boolean,
    signal?: AbortSignal,
  ): Promise<VeleroObject> {
    return watchObject<VeleroObject>({
      kubeConfig: this.options.kubeConfig,
      path: `/apis/${group}/${version}/namespaces/${this.options.namespace}/restores`,
      name,
      get: () => this.read('restores', name),
      done,
      signal,
    });
  }
}

/** Velero's results file: `{errors: {velero, cluster, namespaces: {ns: [...]}}, warnings: ...}`. */
function resultMessages(results: any, which: 'errors' | 'warnings'): string[] {
  const e = results?.[which] ?? {};
  return [
    ...(e.velero ?? []),
    ...(e.cluster ?? []),
    ...Object.entries(e.namespaces ?? {}).flatMap(([ns, list]) =>
      (list as string[]).map(m => `${ns}: ${m}`),
    ),
  ];
}
