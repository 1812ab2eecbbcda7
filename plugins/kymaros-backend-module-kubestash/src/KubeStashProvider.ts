import { setTimeout as sleep } from 'node:timers/promises';
import * as k8s from '@kubernetes/client-node';
import { InputError, NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  BackupContents,
  BackupProvider,
  BackupRef,
  BackupSchedule,
  RestoreCleanupResult,
  RestoreHandle,
  RestoreLocation,
  RestoreObjectInfo,
  RestoreOptions,
  RestoreOutcome,
  WaitOptions,
} from '@kymaros/plugin-kymaros-node';
import { readIfPresent } from '@kymaros/plugin-kymaros-node';
import {
  CORE,
  KubeStashObject,
  STORAGE,
  labels,
  plurals,
} from './kubestashApi';
import {
  coversAll,
  isEligible,
  newestFirst,
  snapshotNamespaces,
  toBackupRef,
} from './snapshots';
import {
  manifestRestoreParams,
  restoreSessionSpec,
  specDifference,
} from './restoreSessionSpec';
import { isFinished, restoreOutcome } from './restoreOutcome';
import {
  configurationNamespaces,
  describeRetention,
  toSchedule,
} from './schedules';

export interface KubeStashProviderOptions {
  kubeConfig: k8s.KubeConfig;
  logger: LoggerService;
  /** Where KubeStash's operator runs: no test may restore from or into it. */
  operatorNamespace: string;
  /**
   * Where the Repositories and their Snapshots live, when they have a
   * namespace of their own; without it, an app's Snapshots are those in its
   * own namespace (a Snapshot is looked up by name across the cluster).
   */
  repositoryNamespace?: string;
  /** How often RestoreSessions are read while a restore runs. */
  pollIntervalMs?: number;
}

type Session = KubeStashObject & { metadata: { uid: string } };

/**
 * KubeStash (`core.kubestash.com`, `storage.kubestash.com`, v1alpha1):
 * backups are Snapshots of a namespace's manifests, restored by a
 * RestoreSession per source namespace created inside its sandbox, which
 * restores the manifests there with the kubedump addon.
 */
export class KubeStashProvider implements BackupProvider {
  readonly name = 'kubestash';
  readonly displayName = 'KubeStash';
  /**
   * kubedump restores manifests as they were backed up: the engine sends no
   * edits, leaves out what it would have suspended, and guards the sandbox
   * itself (a restore that still carries edits is refused).
   */
  readonly appliesEdits = false;
  readonly ownedObjects;
  private readonly custom: k8s.CustomObjectsApi;

  constructor(private readonly options: KubeStashProviderOptions) {
    this.custom = options.kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    // The narrowest entries that still bar tests from these namespaces:
    // Kymaros writes nothing there (no on-demand backups, see createBackup).
    this.ownedObjects = [
      options.operatorNamespace,
      ...(options.repositoryNamespace ? [options.repositoryNamespace] : []),
    ].map(namespace => ({
      namespace,
      group: CORE.group,
      plural: plurals.backupSessions,
      namePrefix: 'kymaros-',
      // Declared to bar tests from these namespaces; nothing there may be changed or deleted.
      createOnly: true,
    }));
  }

  private async list(
    api: typeof CORE,
    plural: string,
    selectors: { labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<KubeStashObject[]> {
    const namespace = this.options.repositoryNamespace;
    const list = (await (namespace
      ? this.custom.listNamespacedCustomObject({
          ...api,
          plural,
          namespace,
          ...selectors,
        })
      : this.custom.listClusterCustomObject({
          ...api,
          plural,
          ...selectors,
        }))) as {
      items: KubeStashObject[];
    };
    return list.items;
  }

  /** Snapshots of any of these app namespaces, by KubeStash's app labels. */
  private async snapshotsOf(namespaces: string[]): Promise<KubeStashObject[]> {
    const labelSelector = `${labels.appRefNamespace} in (${namespaces.join(
      ',',
    )})`;
    if (this.options.repositoryNamespace)
      return this.list(STORAGE, plurals.snapshots, { labelSelector });
    const lists = await Promise.all(
      namespaces.map(
        namespace =>
          this.custom.listNamespacedCustomObject({
            ...STORAGE,
            plural: plurals.snapshots,
            namespace,
            labelSelector,
          }) as Promise<{ items: KubeStashObject[] }>,
      ),
    );
    return lists.flatMap(l => l.items);
  }

  /**
   * Labels are anyone's to write: a Snapshot is taken for an app only where
   * its backups are kept, the configured repository namespace or else the
   * app's own namespace.
   */
  private trusted(snapshot: KubeStashObject): boolean {
    const where = snapshot.metadata.namespace ?? '';
    const { repositoryNamespace } = this.options;
    return repositoryNamespace
      ? where === repositoryNamespace
      : snapshotNamespaces(snapshot).includes(where);
  }

  async listBackups(namespaces: string[]): Promise<BackupRef[]> {
    if (!namespaces.length) return [];
    return (await this.snapshotsOf(namespaces))
      .filter(s => this.trusted(s))
      .filter(isEligible)
      .filter(s => coversAll(s, namespaces))
      .sort(newestFirst)
      .map(toBackupRef);
  }

  async getLatestBackup(namespaces: string[]): Promise<BackupRef | undefined> {
    return (await this.listBackups(namespaces))[0];
  }

  /** The Snapshot of that name; two of one name in different namespaces is an error the user must resolve. */
  private async findSnapshot(
    name: string,
  ): Promise<KubeStashObject | undefined> {
    const namespace = this.options.repositoryNamespace;
    if (namespace)
      return readIfPresent(
        () =>
          this.custom.getNamespacedCustomObject({
            ...STORAGE,
            plural: plurals.snapshots,
            namespace,
            name,
          }) as Promise<KubeStashObject>,
      );
    const found = (
      await this.list(STORAGE, plurals.snapshots, {
        fieldSelector: `metadata.name=${name}`,
      })
    ).filter(s => s.metadata.name === name);
    if (found.length > 1)
      throw new InputError(
        `KubeStash Snapshot ${name} exists in several namespaces (${found
          .map(s => s.metadata.namespace)
          .join(
            ', ',
          )}); set kymaros.providers.kubestash.repositoryNamespace to say which`,
      );
    return found[0];
  }

  async getBackup(name: string): Promise<BackupRef | undefined> {
    const snapshot = await this.findSnapshot(name);
    return snapshot && toBackupRef(snapshot);
  }

  /**
   * KubeStash's Snapshot lists components and sizes, not the objects it
   * holds (its manifests are only in the repository's backend), so there
   * is no inventory to measure completeness against.
   */
  async getBackupContents(backup: BackupRef): Promise<BackupContents> {
    throw new NotFoundError(
      `KubeStash Snapshot ${
        backup.name
      } does not list the objects it holds (only its components${
        backup.size ? ` and size, ${backup.size}` : ''
      })`,
    );
  }

  /**
   * One RestoreSession per source namespace, in its sandbox, named
   * `options.name`. Everything is checked before the first is created; a
   * session KubeStash did not store as sent, or a failure part way, removes
   * those already created.
   */
  async triggerRestore(
    backup: BackupRef,
    namespaceMapping: Record<string, string>,
    options: RestoreOptions,
  ): Promise<RestoreHandle> {
    const pairs = Object.entries(namespaceMapping).sort(([, a], [, b]) =>
      a.localeCompare(b),
    );
    if (!pairs.length)
      throw new InputError('A restore needs at least one namespace mapping');
    const snapshot = await this.findSnapshot(backup.name);
    if (!snapshot)
      throw new NotFoundError(`KubeStash Snapshot ${backup.name} not found`);
    if (snapshot.status?.phase !== 'Succeeded')
      throw new InputError(
        `KubeStash Snapshot ${backup.name} is ${
          snapshot.status?.phase || 'not finished'
        }, not Succeeded: it cannot be restored`,
      );
    if (!this.trusted(snapshot))
      throw new InputError(
        `KubeStash Snapshot ${backup.name} is kept in namespace ${snapshot.metadata.namespace}, neither the namespace it holds nor the configured repository namespace; it is not restored`,
      );
    const held = snapshotNamespaces(snapshot);
    const planned = pairs.map(([source, sandbox]) => {
      if (!held.includes(source))
        throw new InputError(
          `KubeStash Snapshot ${backup.name} holds namespace(s) ${
            held.join(', ') || 'none'
          }, not ${source}`,
        );
      const params = manifestRestoreParams(source, options);
      return {
        sandbox,
        spec: restoreSessionSpec(snapshot, sandbox, params),
      };
    });
    const created: Session[] = [];
    try {
      for (const { sandbox, spec } of planned) {
        const session = await this.createSession(sandbox, options, spec);
        created.push(session);
        const stored = await this.readSession(sandbox, options.name);
        const difference = specDifference(spec, stored?.spec);
        if (difference)
          throw new Error(
            `KubeStash stored a different RestoreSession than requested in ${sandbox} (${difference}); refusing to continue`,
          );
      }
    } catch (e) {
      await Promise.all(
        created.map(s => this.deleteSession(s).catch(() => undefined)),
      );
      throw e;
    }
    return {
      id: options.name,
      provider: this.name,
      uid: created[0].metadata.uid,
      sandboxes: planned.map(p => p.sandbox),
    };
  }

  private async createSession(
    namespace: string,
    options: RestoreOptions,
    spec: object,
  ): Promise<Session> {
    return (await this.custom.createNamespacedCustomObject({
      ...CORE,
      plural: plurals.restoreSessions,
      namespace,
      body: {
        apiVersion: `${CORE.group}/${CORE.version}`,
        kind: 'RestoreSession',
        metadata: { name: options.name, labels: options.labels },
        spec,
      },
    })) as Session;
  }

  private readSession(namespace: string, name: string) {
    return readIfPresent(
      () =>
        this.custom.getNamespacedCustomObject({
          ...CORE,
          plural: plurals.restoreSessions,
          namespace,
          name,
        }) as Promise<Session>,
    );
  }

  /** Deletes a session only while it is still the object with that uid. */
  private async deleteSession(session: {
    metadata: { name: string; namespace?: string; uid?: string };
  }): Promise<'deleted' | 'gone' | 'not-ours'> {
    try {
      await this.custom.deleteNamespacedCustomObject({
        ...CORE,
        plural: plurals.restoreSessions,
        namespace: session.metadata.namespace!,
        name: session.metadata.name,
        body: session.metadata.uid
          ? { preconditions: { uid: session.metadata.uid } }
          : {},
      });
      return 'deleted';
    } catch (e) {
      if (e instanceof k8s.ApiException && e.code === 404) return 'gone';
      if (e instanceof k8s.ApiException && e.code === 409) return 'not-ours';
      throw e;
    }
  }

  private sessionsOf(handle: RestoreHandle): string[] {
    const sandboxes = [...(handle.sandboxes ?? [])].sort();
    if (!sandboxes.length)
      throw new InputError(
        `KubeStash restore ${handle.id} names no sandboxes; its RestoreSessions live in them`,
      );
    return sandboxes;
  }

  /** Reads the sessions until KubeStash is done with all of them. */
  async waitForRestore(
    handle: RestoreHandle,
    options: WaitOptions,
  ): Promise<RestoreOutcome> {
    const sandboxes = this.sessionsOf(handle);
    const interval = this.options.pollIntervalMs ?? 2000;
    for (;;) {
      options.signal.throwIfAborted();
      const sessions = await Promise.all(
        sandboxes.map(async sandbox => {
          const s = await this.readSession(sandbox, handle.id);
          if (!s)
            throw new NotFoundError(
              `KubeStash RestoreSession ${sandbox}/${handle.id} was deleted before it finished`,
            );
          return s;
        }),
      );
      if (sessions.every(isFinished)) return restoreOutcome(sessions);
      options.onProgress?.({ phase: progressPhase(sessions) });
      await abortableSleep(interval, options.signal);
    }
  }

  /** The session in the sandbox whose name sorts first. */
  async findRestore(
    name: string,
    where?: RestoreLocation,
  ): Promise<RestoreObjectInfo | undefined> {
    // Without sandboxes there is nowhere it can be: sessions live only in them.
    const first = [...(where?.sandboxes ?? [])].sort()[0];
    if (!first) return undefined;
    const session = await this.readSession(first, name);
    return (
      session && {
        uid: session.metadata.uid,
        createdAt: session.metadata.creationTimestamp,
      }
    );
  }

  /**
   * Removes the sessions once KubeStash is done with them (for as long as
   * `settle` allows), the first only while its uid is the handle's: the
   * others live in the run's sandboxes, which the engine verified by uid.
   * Snapshots and Repositories are never touched.
   */
  async cleanupRestore(
    handle: RestoreHandle & { uid: string },
    options?: { settle?: AbortSignal },
  ): Promise<RestoreCleanupResult> {
    const [primary, ...others] = this.sessionsOf(handle);
    const first = await this.readSession(primary, handle.id);
    if (first && first.metadata.uid !== handle.uid) return 'not-ours';
    if (options?.settle) await this.settle(handle, options.settle);
    await this.warnPausedBackups(handle);
    const result = first
      ? await this.deleteSession({
          metadata: { ...first.metadata, uid: handle.uid },
        })
      : 'gone';
    for (const sandbox of others)
      await this.deleteSession({
        metadata: { name: handle.id, namespace: sandbox },
      });
    return result;
  }

  private async settle(handle: RestoreHandle, signal: AbortSignal) {
    await this.waitForRestore(handle, { signal }).catch(() => undefined);
  }

  /** KubeStash resumes the backups it paused for a restore; say so when it did not. */
  private async warnPausedBackups(handle: RestoreHandle) {
    for (const sandbox of handle.sandboxes ?? []) {
      const session = await this.readSession(sandbox, handle.id).catch(
        () => undefined,
      );
      for (const b of session?.status?.pausedBackups ?? [])
        this.options.logger.warn(
          `KubeStash RestoreSession ${sandbox}/${handle.id} left ${
            b.kind ?? 'backup'
          } ${b.namespace ?? ''}/${b.name} paused; resume it in KubeStash`,
        );
    }
  }

  async listSchedules(namespaces: string[]): Promise<BackupSchedule[]> {
    const configs = await this.list(CORE, plurals.backupConfigurations);
    const schedules: BackupSchedule[] = [];
    for (const config of configs) {
      const covered = configurationNamespaces(config).filter(n =>
        namespaces.includes(n),
      );
      if (!covered.length) continue;
      const [retention, sessions] = await Promise.all([
        this.retentionOf(config),
        this.sessionsInvokedBy(config),
      ]);
      schedules.push(toSchedule(config, covered, retention, sessions));
    }
    return schedules;
  }

  private async retentionOf(
    config: KubeStashObject,
  ): Promise<string | undefined> {
    const ref = (config.spec?.backends ?? [])
      .map((b: any) => b.retentionPolicy)
      .find(Boolean);
    if (!ref?.name) return undefined;
    const policy = await readIfPresent(
      () =>
        this.custom.getNamespacedCustomObject({
          ...STORAGE,
          plural: plurals.retentionPolicies,
          namespace: ref.namespace || config.metadata.namespace!,
          name: ref.name,
        }) as Promise<KubeStashObject>,
    ).catch(() => undefined);
    return policy && describeRetention(policy);
  }

  private async sessionsInvokedBy(config: KubeStashObject) {
    const list = (await this.custom.listNamespacedCustomObject({
      ...CORE,
      plural: plurals.backupSessions,
      namespace: config.metadata.namespace!,
      labelSelector: `${labels.invokerName}=${config.metadata.name}`,
    })) as { items: KubeStashObject[] };
    return list.items;
  }
}

function progressPhase(sessions: KubeStashObject[]): string {
  const phases = [...new Set(sessions.map(s => s.status?.phase || 'Pending'))];
  return phases.join(', ');
}

/** Waits `ms`; rejects with the signal's reason when it aborts first. */
async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  try {
    await sleep(ms, undefined, { signal });
  } catch (e) {
    signal.throwIfAborted();
    throw e;
  }
}
