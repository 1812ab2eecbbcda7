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

/** @public */
export interface RestoreHandle {
  /** The provider's restore object name. */
  id: string;
  provider: string;
  /** The restore object's uid; cleanup deletes only the object with this uid. */
  uid?: string;
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
  phase: RestoreTerminalPhase;
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
  /**
   * Where the provider writes its own objects (e.g. the tool's restore
   * objects in the tool's namespace). The engine refuses every other write
   * outside the run's sandboxes, and no test may restore from or into these
   * namespaces.
   */
  readonly ownedObjects: { namespace: string; group: string; plural: string }[];
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
  /** The restore object of that name, if it exists. */
  findRestore(name: string): Promise<RestoreObjectInfo | undefined>;
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
