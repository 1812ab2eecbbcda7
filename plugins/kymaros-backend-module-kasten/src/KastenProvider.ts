import * as k8s from '@kubernetes/client-node';
import { InputError, NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  BackupContents,
  BackupItem,
  BackupProvider,
  BackupRef,
  BackupSchedule,
  CreateBackupOptions,
  RestoreCleanupResult,
  RestoreHandle,
  RestoreLocation,
  RestoreObjectInfo,
  RestoreOptions,
  RestoreOutcome,
  WaitOptions,
} from '@kymaros/plugin-kymaros-node';
import {
  ACTIONS_GROUP,
  APPS_GROUP,
  CONFIG_GROUP,
  LABELS,
  VERSION,
  type KastenObject,
} from './kastenApi';
import { rawGetJson } from './rawGet';
import { watchActions } from './actionWatches';
import { ChangeSignal } from './ChangeSignal';
import {
  isEligible,
  restorePointInfo,
  type RestorePointInfo,
} from './restorePoints';
import { parseSetName, restorePointSets, setName } from './restorePointSets';
import { parseArtifacts } from './artifacts';
import { formatBytes } from '@kymaros/plugin-kymaros-node';
import { restoreActionSpec, type RestoreActionSpec } from './restoreActionSpec';
import { isTerminal, restoreOutcome, type ActionState } from './restoreOutcome';
import { listKastenSchedules, selectedNamespaces } from './schedules';
import { coveringPolicy, runActionBody, runActionRef } from './onDemandBackup';

export interface KastenProviderOptions {
  kubeConfig: k8s.KubeConfig;
  /** Where K10 is installed (`kasten-io`). */
  namespace: string;
  logger: LoggerService;
  /** Restore from exported copies when a run made one (default true). */
  preferExported?: boolean;
  /** How often a restore's actions are read while it runs (default 2 s). */
  pollIntervalMs?: number;
}

const PROVIDER_NAME = 'kasten';
/** With watches open, the actions are still read this often, in case an event was missed. */
const WATCHED_RECHECK_MS = 30_000;

function isStatus(e: unknown, code: number): boolean {
  return (
    (e instanceof k8s.ApiException && e.code === code) ||
    (code === 404 && e instanceof NotFoundError)
  );
}

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isStatus(e, 404)) return undefined;
    throw e;
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Kasten K10: backups are restore points (one per application namespace),
 * restored by one RestoreAction per source namespace created inside its
 * sandbox with the sandbox as `targetNamespace`, followed by watch or, where
 * K10's aggregated API serves none, by reading them.
 * Restore points and their contents are only ever read: deleting a
 * RestorePointContent retires the backup's data (docs.kasten.io/latest/api/restorepointcontents).
 */
export class KastenProvider implements BackupProvider {
  readonly name = PROVIDER_NAME;
  readonly displayName = 'Kasten K10';
  readonly ownedObjects;
  private readonly custom: k8s.CustomObjectsApi;
  private readonly preferExported: boolean;
  private readonly pollIntervalMs: number;

  constructor(private readonly options: KastenProviderOptions) {
    this.custom = options.kubeConfig.makeApiClient(k8s.CustomObjectsApi);
    this.preferExported = options.preferExported ?? true;
    this.pollIntervalMs = options.pollIntervalMs ?? 2000;
    // RunActions are how an on-demand backup of a policy starts; K10's own
    // runs live there too, so only names Kymaros gives are writable.
    this.ownedObjects = [
      {
        namespace: options.namespace,
        group: ACTIONS_GROUP,
        plural: 'runactions',
        namePrefix: 'kymaros-',
        // Created to start a backup, never changed or deleted: K10 keeps its runs as records.
        createOnly: true,
      },
    ];
  }

  private async restorePointsOf(
    namespaces: string[],
  ): Promise<RestorePointInfo[]> {
    const [lists, contents] = await Promise.all([
      Promise.all(
        namespaces.map(
          namespace =>
            this.custom.listNamespacedCustomObject({
              group: APPS_GROUP,
              version: VERSION,
              namespace,
              plural: 'restorepoints',
            }) as Promise<{ items: KastenObject[] }>,
        ),
      ),
      this.custom.listClusterCustomObject({
        group: APPS_GROUP,
        version: VERSION,
        plural: 'restorepointcontents',
        labelSelector: `${LABELS.appNamespace} in (${namespaces.join(',')})`,
      }) as Promise<{ items: KastenObject[] }>,
    ]);
    const byName = new Map(contents.items.map(c => [c.metadata.name, c]));
    return lists.flatMap(list =>
      list.items.map(rp =>
        restorePointInfo(rp, byName.get(rp.spec?.restorePointContentRef?.name)),
      ),
    );
  }

  private toRef(points: RestorePointInfo[]): BackupRef {
    const times = points
      .map(p => p.actionTime)
      .filter((t): t is string => !!t)
      .sort();
    const sizes = points.map(p => p.logicalSizeBytes);
    const profiles = [
      ...new Set(points.map(p => p.exportProfile ?? 'local snapshot')),
    ];
    const states = [...new Set(points.map(p => p.contentState ?? 'Unknown'))];
    return {
      name: setName(points),
      provider: this.name,
      phase: states.join(', '),
      startedAt: times[0],
      // K10 dates a restore point by when its action ran; the latest is when the set was complete.
      completedAt: times[times.length - 1],
      includedNamespaces: points.map(p => p.namespace).sort(),
      ...(sizes.every(s => s !== undefined)
        ? { size: formatBytes(sizes.reduce((a, b) => a! + b!, 0)!) }
        : {}),
      partiallyFailed: false,
      storageLocation: profiles.join(', '),
    };
  }

  async listBackups(namespaces: string[]): Promise<BackupRef[]> {
    if (namespaces.length === 0) return [];
    const eligible = (await this.restorePointsOf(namespaces)).filter(
      isEligible,
    );
    return restorePointSets(eligible, namespaces, this.preferExported).map(
      set => this.toRef(set.points),
    );
  }

  async getLatestBackup(namespaces: string[]): Promise<BackupRef | undefined> {
    return (await this.listBackups(namespaces))[0];
  }

  /**
   * A set of restore points by its name (`<namespace>/<restore point>,…`),
   * or, for a name without `/`, an on-demand run Kymaros started (a RunAction
   * in K10's namespace).
   */
  async getBackup(name: string): Promise<BackupRef | undefined> {
    if (!name.includes('/')) return this.getRun(name);
    const points: RestorePointInfo[] = [];
    for (const ref of parseSetName(name)) {
      const rp = await orUndefined(() =>
        this.readRestorePoint(ref.namespace, ref.name),
      );
      if (!rp) return undefined;
      const contentName = rp.spec?.restorePointContentRef?.name;
      const content = contentName
        ? await orUndefined(
            () =>
              this.custom.getClusterCustomObject({
                group: APPS_GROUP,
                version: VERSION,
                plural: 'restorepointcontents',
                name: contentName,
              }) as Promise<KastenObject>,
          )
        : undefined;
      points.push(restorePointInfo(rp, content));
    }
    return this.toRef(points);
  }

  private async getRun(name: string): Promise<BackupRef | undefined> {
    const run = await orUndefined(
      () =>
        this.custom.getNamespacedCustomObject({
          group: ACTIONS_GROUP,
          version: VERSION,
          namespace: this.options.namespace,
          plural: 'runactions',
          name,
        }) as Promise<KastenObject>,
    );
    return run && runActionRef(run, []);
  }

  private readRestorePoint(
    namespace: string,
    name: string,
  ): Promise<KastenObject> {
    return this.custom.getNamespacedCustomObject({
      group: APPS_GROUP,
      version: VERSION,
      namespace,
      plural: 'restorepoints',
      name,
    }) as Promise<KastenObject>;
  }

  /** The objects each restore point's `details` list, by source namespace; sizes from the restore points. */
  async getBackupContents(
    backup: BackupRef,
    signal?: AbortSignal,
  ): Promise<BackupContents> {
    const items: BackupItem[] = [];
    let bytes = 0;
    let sized = true;
    for (const ref of parseSetName(backup.name)) {
      const details = await rawGetJson(
        this.options.kubeConfig,
        `/apis/${APPS_GROUP}/${VERSION}/namespaces/${encodeURIComponent(
          ref.namespace,
        )}/restorepoints/${encodeURIComponent(ref.name)}/details`,
        signal,
      );
      const parsed = parseArtifacts(
        details?.status?.restorePointDetails?.artifacts,
        ref.namespace,
      );
      if (parsed.skipped)
        this.options.logger.warn(
          `Kasten restore point ${ref.namespace}/${ref.name}: ${parsed.skipped} artifacts name no object kind and name; left out of its contents`,
        );
      items.push(...parsed.items);
      const size = details?.status?.logicalSizeBytes;
      if (typeof size === 'number') bytes += size;
      else sized = false;
    }
    return { items, ...(sized ? { size: formatBytes(bytes) } : {}) };
  }

  /**
   * One RestoreAction per source namespace, in its sandbox and named
   * `options.name`. The spec read back must be the one sent (an aggregated
   * API may drop fields it does not know); if any action cannot be created
   * or differs, those already created are deleted and the restore is refused.
   */
  async triggerRestore(
    backup: BackupRef,
    namespaceMapping: Record<string, string>,
    options: RestoreOptions,
  ): Promise<RestoreHandle> {
    const sources = Object.keys(namespaceMapping);
    if (sources.length === 0)
      throw new InputError('A restore needs at least one namespace mapping');
    if (options.labelSelector && Object.keys(options.labelSelector).length)
      throw new InputError(
        `Kasten restores cannot be narrowed by label selector (${JSON.stringify(
          options.labelSelector,
        )}): a RestoreAction restores a restore point whole; remove the selector or use another provider`,
      );
    const points = new Map(
      parseSetName(backup.name).map(r => [r.namespace, r]),
    );
    const specs = sources.map(source => {
      const point = points.get(source);
      if (!point)
        throw new InputError(
          `Backup ${backup.name} has no restore point of namespace ${source}`,
        );
      return restoreActionSpec(
        point,
        namespaceMapping[source],
        options.transforms,
      );
    });
    const created: { sandbox: string; uid: string }[] = [];
    try {
      for (const spec of specs) {
        const action = await this.createAction(options, spec);
        created.push({
          sandbox: spec.targetNamespace,
          uid: action.metadata.uid!,
        });
        await this.verifyStored(options.name, spec);
      }
    } catch (e) {
      for (const c of created)
        await this.deleteAction(c.sandbox, options.name, c.uid).catch(
          () => undefined,
        );
      throw e;
    }
    const sandboxes = created.map(c => c.sandbox).sort();
    return {
      id: options.name,
      provider: this.name,
      uid: created.find(c => c.sandbox === sandboxes[0])!.uid,
      sandboxes,
    };
  }

  private async createAction(options: RestoreOptions, spec: RestoreActionSpec) {
    return (await this.custom.createNamespacedCustomObject({
      group: ACTIONS_GROUP,
      version: VERSION,
      namespace: spec.targetNamespace,
      plural: 'restoreactions',
      // No status: K10 reports progress on an action created without one.
      body: {
        apiVersion: `${ACTIONS_GROUP}/${VERSION}`,
        kind: 'RestoreAction',
        metadata: { name: options.name, labels: options.labels },
        spec,
      },
    })) as KastenObject;
  }

  private async verifyStored(name: string, sent: RestoreActionSpec) {
    const stored = await this.readAction(sent.targetNamespace, name);
    const want = stableJson(sent);
    const got = stableJson(pick(stored?.spec ?? {}, Object.keys(sent)));
    if (want !== got)
      throw new Error(
        `Kasten stored a different RestoreAction spec in ${sent.targetNamespace} than requested (sent ${want}, stored ${got}); refusing to continue`,
      );
  }

  private readAction(
    sandbox: string,
    name: string,
  ): Promise<KastenObject | undefined> {
    return orUndefined(
      () =>
        this.custom.getNamespacedCustomObject({
          group: ACTIONS_GROUP,
          version: VERSION,
          namespace: sandbox,
          plural: 'restoreactions',
          name,
        }) as Promise<KastenObject>,
    );
  }

  private async deleteAction(sandbox: string, name: string, uid: string) {
    await this.custom.deleteNamespacedCustomObject({
      group: ACTIONS_GROUP,
      version: VERSION,
      namespace: sandbox,
      plural: 'restoreactions',
      name,
      body: { preconditions: { uid } },
    });
  }

  private sandboxesOf(handle: { sandboxes?: string[] }): string[] {
    const sandboxes = [...(handle.sandboxes ?? [])].sort();
    if (sandboxes.length === 0)
      throw new InputError(
        'A Kasten restore is found through its sandboxes, and this handle names none',
      );
    return sandboxes;
  }

  private readStates(
    name: string,
    sandboxes: string[],
  ): Promise<ActionState[]> {
    return Promise.all(
      sandboxes.map(async sandbox => ({
        sandbox,
        action: await this.readAction(sandbox, name),
      })),
    );
  }

  /**
   * Follows every action until all are terminal (or gone), reporting K10's
   * state and percentage; then reads their failed attempts from `details`.
   * Changes come by watch; without one (see watchActions) the actions are
   * read every poll interval.
   */
  async waitForRestore(
    handle: RestoreHandle,
    options: WaitOptions,
  ): Promise<RestoreOutcome> {
    const sandboxes = this.sandboxesOf(handle);
    const changes = new ChangeSignal();
    const watches = watchActions(
      this.options.kubeConfig,
      handle.id,
      sandboxes,
      () => changes.notify(),
    );
    try {
      for (;;) {
        options.signal.throwIfAborted();
        const states = await this.readStates(handle.id, sandboxes);
        options.onProgress?.(progressOf(states));
        if (states.every(isTerminal)) {
          for (const s of states)
            s.failedAttempts = await this.failedAttempts(s, options.signal);
          return restoreOutcome(states, new Date().toISOString());
        }
        await changes.next(
          watches.healthy() ? WATCHED_RECHECK_MS : this.pollIntervalMs,
          options.signal,
        );
      }
    } finally {
      watches.stop();
    }
  }

  /** Attempts K10 recorded as failed on the action's `details` (per-attempt phases); none when unreadable. */
  private async failedAttempts(
    state: ActionState,
    signal: AbortSignal,
  ): Promise<string[]> {
    if (!state.action) return [];
    const details = await rawGetJson(
      this.options.kubeConfig,
      `/apis/${ACTIONS_GROUP}/${VERSION}/namespaces/${encodeURIComponent(
        state.sandbox,
      )}/restoreactions/${encodeURIComponent(
        state.action.metadata.name,
      )}/details`,
      signal,
    ).catch(() => undefined);
    const phases = details?.status?.actionDetails?.phases;
    if (!Array.isArray(phases)) return [];
    return phases
      .filter((p: any) => p?.state === 'Failed')
      .map(
        (p: any) =>
          `attempt ${p.attempt ?? '?'} failed${
            p.error?.message ? `: ${p.error.message}` : ''
          }`,
      );
  }

  /** The action in the first (by name) of the given sandboxes that holds one of that name. */
  async findRestore(
    name: string,
    where?: RestoreLocation,
  ): Promise<RestoreObjectInfo | undefined> {
    for (const sandbox of [...(where?.sandboxes ?? [])].sort()) {
      const action = await this.readAction(sandbox, name);
      if (action)
        return {
          uid: action.metadata.uid!,
          createdAt: action.metadata.creationTimestamp,
        };
    }
    return undefined;
  }

  /**
   * Deletes the restore's actions: the others (in the run's verified
   * sandboxes) with the uid just read, then the first one found, only with
   * the handle's uid (a delete precondition). K10 keeps restoring after its action
   * is deleted (unconfirmed; assumed, as for Velero), so they settle first.
   */
  async cleanupRestore(
    handle: RestoreHandle & { uid: string },
    options?: { settle?: AbortSignal },
  ): Promise<RestoreCleanupResult> {
    const sandboxes = this.sandboxesOf(handle);
    const states = (await this.readStates(handle.id, sandboxes)).filter(
      s => s.action,
    );
    if (states.length === 0) return 'gone';
    const [primary, ...others] = states;
    if (primary.action!.metadata.uid !== handle.uid) return 'not-ours';
    if (options?.settle)
      await this.settle(handle.id, sandboxes, options.settle);
    // The others first: while the primary exists, an interrupted cleanup is
    // still recognised as this restore's and done again.
    for (const other of others) {
      await this.deleteAction(
        other.sandbox,
        handle.id,
        other.action!.metadata.uid!,
      ).catch(e => {
        if (!isStatus(e, 404) && !isStatus(e, 409)) throw e;
      });
    }
    try {
      await this.deleteAction(primary.sandbox, handle.id, handle.uid);
    } catch (e) {
      if (isStatus(e, 409)) return 'not-ours';
      if (!isStatus(e, 404)) throw e;
    }
    return 'deleted';
  }

  private async settle(name: string, sandboxes: string[], signal: AbortSignal) {
    try {
      for (;;) {
        const states = await this.readStates(name, sandboxes);
        if (states.every(isTerminal)) return;
        await sleep(this.pollIntervalMs, signal);
      }
    } catch {
      // Out of time or unreadable: the actions are deleted next either way.
    }
  }

  /**
   * Runs the policy that backs up every one of `namespaces` now (a
   * RunAction in K10's namespace named `options.name`); its restore points
   * are listed once K10 has made them.
   */
  async createBackup(
    namespaces: string[],
    options: CreateBackupOptions,
  ): Promise<BackupRef> {
    const policies = (await this.custom.listNamespacedCustomObject({
      group: CONFIG_GROUP,
      version: VERSION,
      namespace: this.options.namespace,
      plural: 'policies',
    })) as { items: KastenObject[] };
    const policy = coveringPolicy(
      policies.items,
      namespaces,
      this.options.namespace,
      options.schedule,
    );
    const created = (await this.custom.createNamespacedCustomObject({
      group: ACTIONS_GROUP,
      version: VERSION,
      namespace: this.options.namespace,
      plural: 'runactions',
      body: runActionBody(policy, options),
    })) as KastenObject;
    return runActionRef(created, selectedNamespaces(policy));
  }

  listSchedules(namespaces: string[]): Promise<BackupSchedule[]> {
    return listKastenSchedules(this.custom, this.options.namespace, namespaces);
  }
}

/** JSON with object keys sorted: a server may store a spec's keys in another order. */
function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map(k => [k, v[k]]),
        )
      : v,
  );
}

function pick(o: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.filter(k => k in o).map(k => [k, o[k]]));
}

/** K10's state word and its percentage, over all of a restore's actions. */
function progressOf(states: ActionState[]) {
  const words = [
    ...new Set(states.map(s => s.action?.status?.state || 'Pending')),
  ];
  const percents = states
    .map(s => s.action?.status?.progress)
    .filter((p): p is number => typeof p === 'number');
  const mean = percents.length
    ? Math.round(percents.reduce((a, b) => a + b, 0) / states.length)
    : undefined;
  return {
    phase: `${words.join(', ')}${mean !== undefined ? ` (${mean}%)` : ''}`,
  };
}
