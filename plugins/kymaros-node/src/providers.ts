import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';

/**
 * A backup as a provider reports it.
 *
 * @public
 */
export interface BackupRef {
  name: string;
  provider: string;
  phase: string;
  /** The provider's own start and completion times (ISO 8601). */
  startedAt?: string;
  completedAt?: string;
  expiresAt?: string;
  includedNamespaces: string[];
  /** Human-readable size, when the provider knows it. */
  size?: string;
  /** Backups that finished with errors are eligible, but flagged. */
  partiallyFailed: boolean;
  storageLocation?: string;
}

/**
 * One object in a backup, by source namespace.
 *
 * @public
 */
export interface BackupItem {
  /** `apps/v1`, `v1`, `monitoring.coreos.com/v1`, ... */
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/**
 * A backup's resource list, and its stored size when the provider knows it.
 *
 * @public
 */
export interface BackupContents {
  items: BackupItem[];
  /** Human-readable, e.g. `12.3 MiB (42 items)`. */
  size?: string;
}

/**
 * One object of a backup with its body as it was backed up (source
 * namespace, server-set fields included).
 *
 * @public
 */
export interface BackupObject extends BackupItem {
  /** The group and plural the provider files it under (`deployments.apps`, `configmaps`). */
  resource: string;
  body: Record<string, any>;
}

/**
 * How the data of one persistent volume is held in a backup.
 *
 * - `snapshot`: a snapshot the provider restores the volume object from, as a new disk;
 * - `csi-snapshot`: a CSI VolumeSnapshot in the cluster's storage, restored into a newly provisioned volume;
 * - `file-system`: files copied by the provider, restored into a newly provisioned volume;
 * - `data-mover`: a snapshot moved to the backup store, restored into a newly provisioned volume;
 * - `none`: no data of its own; restoring the volume object would point at the source's storage.
 *
 * @public
 */
export type BackupVolumeData =
  | 'snapshot'
  | 'csi-snapshot'
  | 'file-system'
  | 'data-mover'
  | 'none';

/** @public */
export interface BackupVolume {
  /** The PersistentVolume's name in the source cluster. */
  volumeName?: string;
  /** The claim it was bound to, by source namespace. */
  claim?: { namespace: string; name: string };
  data: BackupVolumeData;
  /** `Retain` or `Delete`, when known. */
  reclaimPolicy?: string;
  /** Why the provider took no data, in its words. */
  reason?: string;
}

/**
 * The bodies of a backup's objects in some source namespaces (plus the
 * volumes their claims use), and how each volume's data is held.
 *
 * @public
 */
export interface BackupManifests {
  objects: BackupObject[];
  /** Absent when the provider does not say how volume data was taken. */
  volumes?: BackupVolume[];
  /** The provider stopped reading at its size bound: `objects` is a part of the backup. */
  truncated?: boolean;
}

/**
 * One change made to an object as it is restored, before it is created.
 * `resource` is the group and plural (`deployments.apps`, `services`);
 * `namespace` is the **source** namespace, absent for cluster-scoped
 * objects; without `name` the edit applies to every object of the resource
 * in that namespace. `when` lists JSON pointers that must hold these string
 * values for the edit to apply. Exactly one of `jsonPatch` (RFC 6902; a
 * failed `test` leaves the object as it is) and `mergePatch` (RFC 7386) is set.
 *
 * @public
 */
export interface RestoreEdit {
  resource: string;
  namespace?: string;
  name?: string;
  when?: { path: string; value: string }[];
  jsonPatch?: {
    op: 'test' | 'replace' | 'add' | 'remove';
    path: string;
    value?: unknown;
  }[];
  mergePatch?: Record<string, unknown>;
}

/**
 * What a sandbox restore must leave out and change, applied by the provider
 * while it restores (Velero: excluded resources and resource modifiers).
 *
 * @public
 */
export interface RestoreTransforms {
  /** Group resources never restored (`ingresses.networking.k8s.io`). */
  excludedResources: string[];
  edits: RestoreEdit[];
}

/** @public */
export interface RestoreHandle {
  /** The provider's restore object name. */
  id: string;
  provider: string;
  /**
   * The restore object's uid; cleanup deletes only the object with this uid.
   * A provider that makes one object per sandbox gives the uid of the one in
   * the sandbox whose name sorts first.
   */
  uid?: string;
  /**
   * The run's sandboxes, for a provider whose restore objects live inside
   * them (Kasten's RestoreActions, KubeStash's RestoreSessions): it finds and
   * removes them there. The engine hands them over verified (by uid) at cleanup.
   */
  sandboxes?: string[];
}

/**
 * Where to look for a restore object: the run's sandboxes, verified by
 * uid, for providers whose restore objects live inside them.
 *
 * @public
 */
export interface RestoreLocation {
  sandboxes: string[];
}

/**
 * A provider restore object as it is in the cluster now.
 *
 * @public
 */
export interface RestoreObjectInfo {
  uid: string;
  /** ISO 8601, from the object's metadata. */
  createdAt?: string;
}

/**
 * What cleanup found: deleted it, it was already gone, or the name now belongs to another object.
 *
 * @public
 */
export type RestoreCleanupResult = 'deleted' | 'gone' | 'not-ours';

/** @public */
export type RestoreTerminalPhase =
  | 'Completed'
  | 'PartiallyFailed'
  | 'Failed'
  | 'FailedValidation';

/** @public */
export interface RestoredItem extends BackupItem {
  outcome: 'created' | 'updated' | 'skipped' | 'failed';
}

/** @public */
export interface RestoreOutcome {
  /** The terminal phase in the engine's terms; the provider maps its own states onto it. */
  phase: RestoreTerminalPhase;
  /** The provider's own word for it when it differs (Kasten `Complete`, KubeStash `Invalid`), for the report. */
  providerPhase?: string;
  /** The provider's own timestamps; absent when it never started (FailedValidation). */
  startedAt?: string;
  completedAt?: string;
  itemsTotal?: number;
  itemsRestored?: number;
  errors: number;
  warnings: number;
  /** Failure reason, validation errors and per-item errors, in the provider's words. */
  messages: string[];
  /** What happened to each item, when the provider reports it. */
  items?: RestoredItem[];
}

/**
 * What a finished restore did per item, and the provider's messages about
 * it, when the provider keeps them apart from the restore object.
 *
 * @public
 */
export type RestoreResults = Pick<RestoreOutcome, 'messages' | 'items'>;

/**
 * The provider's own log of a restore and the warnings and errors it
 * recorded, as it keeps them (Velero: `RestoreLog` and `RestoreResults`).
 * Values are as the provider wrote them: the engine bounds and redacts them.
 *
 * @public
 */
export interface RestoreLog {
  /** The log text; absent when the provider kept none. */
  log?: string;
  warnings: string[];
  errors: string[];
}

/** @public */
export interface RestoreOptions {
  /** Identifies the run; providers put it on what they create. */
  runId: string;
  /**
   * The name the restore object must have. The engine records it before the
   * restore is created, so a crash in between cannot leave an unknown object.
   */
  name: string;
  labels: Record<string, string>;
  labelSelector?: Record<string, string>;
  /**
   * Kinds to leave out and edits to make as objects are restored. A
   * provider that cannot apply them must refuse the restore rather than
   * restore without them.
   */
  transforms?: RestoreTransforms;
}

/** @public */
export interface WaitOptions {
  signal: AbortSignal;
  /** Called as the provider reports progress. */
  onProgress?(progress: {
    phase: string;
    itemsRestored?: number;
    itemsTotal?: number;
  }): void;
}

/**
 * The boundary to a backup tool: everything the engine needs, and nothing
 * provider-specific leaks past it.
 *
 * @public
 */
export interface BackupProvider {
  readonly name: string;
  /** The tool's name as people write it (`Kasten K10`); the report uses it. Default: `name`, capitalised. */
  readonly displayName?: string;
  /**
   * Whether the tool applies `RestoreTransforms.edits` as it restores
   * (default true). A tool that restores objects exactly as they were backed
   * up (KubeStash's manifest restore) sets false and gets no edits: the
   * engine leaves out the kinds it would have suspended, the sandbox refuses
   * exposed Services, and the engine removes token data and external IPs as
   * soon as the tool creates them. Excluded resources still apply.
   */
  readonly appliesEdits?: boolean;
  /**
   * Where the provider writes its own objects (e.g. the tool's restore
   * objects in the tool's namespace). The engine refuses every other write
   * outside the run's sandboxes, and no test may restore from or into these
   * namespaces. `namePrefix` narrows an entry to objects whose name
   * starts with it (a kind the tool's own configuration also uses).
   */
  readonly ownedObjects: {
    namespace: string;
    group: string;
    plural: string;
    namePrefix?: string;
    /** Only creates of new objects, named in the request: no update, patch or delete (a backup the portal starts). */
    createOnly?: boolean;
  }[];
  /** Eligible backups covering every one of the namespaces, newest first. */
  listBackups(namespaces: string[], signal?: AbortSignal): Promise<BackupRef[]>;
  /** The newest eligible backup covering every one of the namespaces. */
  getLatestBackup(
    namespaces: string[],
    signal?: AbortSignal,
  ): Promise<BackupRef | undefined>;
  /** A backup by name, eligible or not (the caller decides). */
  getBackup(name: string, signal?: AbortSignal): Promise<BackupRef | undefined>;
  /** What the backup holds, per source namespace, and its stored size when known. */
  getBackupContents(
    backup: BackupRef,
    signal?: AbortSignal,
  ): Promise<BackupContents>;
  /**
   * The bodies of the backup's objects in these source namespaces, and
   * how its volumes' data is held; bounded by the provider. Optional: without
   * it the engine restores without rewrites or transformations by object and
   * says so on the report.
   */
  getBackupManifests?(
    backup: BackupRef,
    namespaces: string[],
    signal?: AbortSignal,
  ): Promise<BackupManifests>;
  /**
   * Starts a restore of `backup` with every source namespace mapped to its
   * sandbox. The mapping's keys are the only namespaces restored.
   */
  triggerRestore(
    backup: BackupRef,
    namespaceMapping: Record<string, string>,
    options: RestoreOptions,
  ): Promise<RestoreHandle>;
  /** Resolves once the restore is terminal; rejects when the signal aborts. */
  waitForRestore(
    handle: RestoreHandle,
    options: WaitOptions,
  ): Promise<RestoreOutcome>;
  /**
   * The results of a restore that completed (fully or partly), when reading
   * them costs more than the restore object (Velero: downloads from object
   * storage). The engine reads them while the restored pods start and adds
   * them to the outcome; a provider that puts them in the outcome itself
   * leaves this out. Resolves with what could be read.
   */
  readRestoreResults?(
    handle: RestoreHandle,
    signal: AbortSignal,
  ): Promise<RestoreResults>;
  /**
   * The provider's log, warnings and errors of a restore, kept as evidence
   * before cleanup removes the restore object. Optional: a provider that
   * keeps no such log leaves it out.
   */
  readRestoreLog?(
    handle: RestoreHandle,
    signal: AbortSignal,
  ): Promise<RestoreLog>;
  /**
   * The restore object of that name, if it exists (for a provider with one
   * object per sandbox: the one in the sandbox whose name sorts first).
   */
  findRestore(
    name: string,
    where?: RestoreLocation,
  ): Promise<RestoreObjectInfo | undefined>;
  /**
   * Removes the provider's restore objects, only if their uid is the
   * handle's (a delete precondition). Idempotent. A restore still in progress
   * keeps writing after its object is deleted, so a provider should first let
   * it finish, for as long as `settle` allows.
   */
  cleanupRestore(
    handle: RestoreHandle & { uid: string },
    options?: { settle?: AbortSignal },
  ): Promise<RestoreCleanupResult>;
  /**
   * Removes what the provider created beside a restore object for it
   * (Velero: the resource-modifier ConfigMap) and only that: an object
   * owned by the restore with `restoreUid`, or, when the restore object was
   * never created, one created after `recordedAt` (when the engine recorded
   * the name). Idempotent; optional for providers that create nothing beside.
   */
  cleanupRestoreCompanions?(
    name: string,
    options: { restoreUid?: string; recordedAt: string },
  ): Promise<string[]>;
  /**
   * The provider's schedules (Velero Schedules, Kasten policies, KubeStash
   * BackupConfigurations) that take backups of any of these namespaces, with
   * their last outcomes. Optional: without it the portal shows no coverage
   * for the provider's tests.
   */
  listSchedules?(
    namespaces: string[],
    signal?: AbortSignal,
  ): Promise<BackupSchedule[]>;
  /**
   * Starts a backup of these namespaces now, named `options.name` (the
   * engine records it first), and returns it as listed. The only object the
   * engine may create outside sandboxes besides restores: the provider must
   * declare it in `ownedObjects` (with a name prefix). Optional.
   */
  createBackup?(
    namespaces: string[],
    options: CreateBackupOptions,
  ): Promise<BackupRef>;
}

/**
 * The last backup of a schedule that succeeded or failed.
 *
 * @public
 */
export interface ScheduledBackupOutcome {
  backup: string;
  /** ISO 8601: when it completed (or failed). */
  at: string;
  /** Why it failed, in the provider's words. */
  reason?: string;
}

/**
 * A provider object that takes backups on a schedule, as the portal shows
 * it next to a service.
 *
 * @public
 */
export interface BackupSchedule {
  provider: string;
  /** The schedule object's name and namespace. */
  name: string;
  namespace: string;
  /** The provider's kind for it (`Schedule`, `Policy`, `BackupConfiguration`). */
  kind: string;
  /** The cron expression as the provider holds it, or its frequency word (`@hourly`). */
  cron?: string;
  paused: boolean;
  /** How long backups are kept, in the provider's terms (`ttl 720h`, `keep last 7`). */
  retention?: string;
  /** The namespaces asked about that it covers. */
  namespaces: string[];
  lastSuccess?: ScheduledBackupOutcome;
  lastFailure?: ScheduledBackupOutcome;
  /** Why the schedule itself is broken (failed validation), in the provider's words. */
  problem?: string;
}

/** @public */
export interface CreateBackupOptions {
  /** The backup object's name, recorded by the engine before it is created. */
  name: string;
  labels: Record<string, string>;
  /** Copy the settings (storage location, TTL, volume options) of this schedule, when given. */
  schedule?: { name: string; namespace: string };
  signal?: AbortSignal;
}

/** @public */
export interface BackupProviderContext {
  /** Credentials of the cluster the restore runs in. */
  kubeConfig: KubeConfig;
  cluster: string;
  logger: LoggerService;
  /**
   * The provider's settings for this cluster: `kymaros.providers.<name>`,
   * with the cluster entry's `providers.<name>` merged over it; absent when
   * neither is set.
   */
  config?: Config;
}

/** @public */
export interface BackupProviderFactory {
  /** The value of `backupSource.provider` / `kymaros.io/provider` this factory serves. */
  name: string;
  /**
   * Builds the provider's clients without contacting the cluster: the engine
   * also creates providers only to read their `ownedObjects`.
   */
  create(context: BackupProviderContext): BackupProvider;
}
