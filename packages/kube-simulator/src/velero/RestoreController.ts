import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { rfc3339 } from '../store/ObjectStore';
import type { ResourceType } from '../api/resources';
import {
  matchesRequirements,
  selectorObjectToRequirements,
} from '../store/labelSelector';
import { parseDuration } from '../scenario/duration';
import { behaviourAnnotations } from '../scenario/behaviours';
import { veleroKinds, VeleroKinds } from './VeleroTypes';
import type { BackupContentsStore } from './BackupContents';
import type { ObjectStorage } from './ObjectStorage';
import {
  groupResource,
  namespaceIncluded,
  nonRestorable,
  resourceIncluded,
  resourceListKey,
} from './labels';
import { restoreItem, type RestoreState } from './restoreItem';
import {
  loadResourceModifiers,
  type ResourceModifiers,
} from './resourceModifiers';
import { restoreLogText } from './restoreLog';
import { completedRestoreSpec } from './restoreSpecDefaults';
import {
  addMessage,
  countMessages,
  type RestoreResults,
} from './restoreResults';
import type { PlannedItem } from './restoreRules';
import { Controller } from '../controllers/Controller';
import { kinds } from '../controllers/kinds';

const finalizer = 'restores.velero.io/external-resources-finalizer';

/** One restore under way: what it restores, for how long, and how it is to end. */
interface RestoreJob {
  name: string;
  restore: KubeObject;
  backup: KubeObject;
  items: PlannedItem[];
  /** Resource modifiers and what volumes became, carried from item to item. */
  state: RestoreState;
  durationMs: number;
  /** The backup's behaviour annotation: Completed, PartiallyFailed, Failed or stuck. */
  outcome: string;
  /** Lets the next queued restore start. */
  done: () => void;
}

/** Velero restores in this priority order; everything else follows. */
const priority = [
  'customresourcedefinitions',
  'namespaces',
  'persistentvolumes',
  'persistentvolumeclaims',
  'secrets',
  'configmaps',
  'serviceaccounts',
  'limitranges',
  'pods',
  'replicasets',
];

/**
 * Velero's restore controller: one restore at a time (later ones wait with an
 * empty phase), validation, InProgress with Velero's own timestamps,
 * namespace mapping (unmapped included namespaces are restored in place, as
 * Velero does), the results and resource-list files, and the finalizer that
 * removes them when the Restore is deleted.
 */
export class RestoreController extends Controller {
  private readonly v: VeleroKinds;
  private readonly queue: string[] = [];
  /** The restore being processed; Velero handles one at a time. */
  private current: string | undefined;

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly contents: BackupContentsStore,
    private readonly storage: ObjectStorage,
    private readonly veleroNamespace: string,
  ) {
    super();
    this.v = veleroKinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      const r = e.object;
      if (r.kind !== 'Restore' || r.metadata.namespace !== veleroNamespace)
        return;
      if (
        e.type === 'ADDED' &&
        (!r.status?.phase || r.status.phase === 'New')
      ) {
        this.queue.push(r.metadata.name);
        setImmediate(() => this.next());
      }
      if (
        e.type === 'MODIFIED' &&
        r.metadata.deletionTimestamp &&
        r.metadata.finalizers?.includes(finalizer)
      ) {
        setImmediate(() => this.finalizeDeletion(r.metadata.name));
      }
      if (e.type === 'DELETED') {
        const i = this.queue.indexOf(r.metadata.name);
        if (i >= 0) this.queue.splice(i, 1);
      }
    });
  }

  private patch(name: string, fn: (r: KubeObject) => void) {
    return this.ctx.store.mutate(
      this.v.restores,
      this.veleroNamespace,
      name,
      fn,
    );
  }

  private release(name: string) {
    if (this.current !== name) return;
    this.current = undefined;
    setImmediate(() => this.next());
  }

  private next() {
    if (this.current) return;
    const name = this.queue.shift();
    if (!name) return;
    this.current = name;
    this.ctx.setTimer(() => {
      const done = () => this.release(name);
      try {
        this.run(name, done);
      } catch {
        done();
      }
    }, this.ctx.options.veleroStepMs);
  }

  private validate(restore: KubeObject): {
    errors: string[];
    backup?: KubeObject;
    modifiers?: ResourceModifiers;
  } {
    const spec = restore.spec ?? {};
    const errs: string[] = [];
    if (!!spec.backupName === !!spec.scheduleName)
      errs.push(
        'Either a backup or schedule must be specified as a source for the restore, but not both',
      );
    for (const r of spec.includedResources ?? []) {
      if (nonRestorable.has(r)) errs.push(`${r} are non-restorable resources`);
    }
    if (spec.labelSelector && spec.orLabelSelectors?.length)
      errs.push(
        'encountered labelSelector as well as orLabelSelectors in restore spec, only one can be specified',
      );
    if (
      spec.existingResourcePolicy &&
      !['none', 'update'].includes(spec.existingResourcePolicy)
    )
      errs.push(
        `Invalid existingResourcePolicy: ${spec.existingResourcePolicy}`,
      );
    if (errs.length) return { errors: errs };
    let backup: KubeObject | undefined;
    if (spec.backupName) {
      backup = this.ctx.store.get(
        this.v.backups,
        this.veleroNamespace,
        spec.backupName,
      );
      if (!backup)
        return {
          errors: [
            `Error retrieving backup: can't find backup ${this.veleroNamespace}/${spec.backupName}`,
          ],
        };
    } else {
      backup = this.ctx.store
        .list(this.v.backups, this.veleroNamespace)
        .filter(
          b =>
            b.metadata.labels?.['velero.io/schedule-name'] ===
              spec.scheduleName && b.status?.phase === 'Completed',
        )
        .sort((a, b) =>
          String(b.status?.startTimestamp).localeCompare(
            String(a.status?.startTimestamp),
          ),
        )[0];
      if (!backup) return { errors: ['No backups found for schedule'] };
    }
    if (!['Completed', 'PartiallyFailed'].includes(backup.status?.phase)) {
      return {
        errors: [
          `backup ${backup.metadata.name} is in phase ${
            backup.status?.phase || 'New'
          } and cannot be restored`,
        ],
      };
    }
    const location = backup.spec?.storageLocation || 'default';
    const bsl = this.ctx.store.get(this.v.bsls, this.veleroNamespace, location);
    if (!bsl || bsl.status?.phase !== 'Available')
      return {
        errors: [
          `The BSL ${location} is unavailable, cannot retrieve the backup`,
        ],
      };
    const configMaps = kinds(this.ctx.registry).configmaps;
    const { modifiers, error } = loadResourceModifiers(
      spec.resourceModifier,
      this.veleroNamespace,
      name => this.ctx.store.get(configMaps, this.veleroNamespace, name),
    );
    if (error) return { errors: [error] };
    return { errors: [], backup, modifiers };
  }

  private run(name: string, done: () => void) {
    const restore = this.ctx.store.get(
      this.v.restores,
      this.veleroNamespace,
      name,
    );
    if (
      !restore ||
      restore.metadata.deletionTimestamp ||
      (restore.status?.phase && restore.status.phase !== 'New')
    ) {
      done();
      return;
    }
    const {
      errors: validationErrors,
      backup,
      modifiers,
    } = this.validate(restore);
    if (validationErrors.length || !backup) {
      // FailedValidation carries no timestamps.
      this.patch(name, r => {
        r.spec = completedRestoreSpec(r.spec);
        r.status = { phase: 'FailedValidation', validationErrors };
      });
      done();
      return;
    }
    const behaviour = backup.metadata.annotations ?? {};
    const outcome =
      behaviour[behaviourAnnotations.restoreOutcome] ?? 'Completed';
    const durationMs = this.restoreDurationMs(behaviour);
    const items = this.plan(restore, backup);
    this.markInProgress(name, backup, items.length);
    if (outcome === 'stuck') return; // stays InProgress and blocks the queue, like a hung restore
    if (outcome === 'Failed') {
      this.ctx.setTimer(() => {
        this.markFailed(name, behaviour);
        done();
      }, durationMs);
      return;
    }
    this.restoreInBatches({
      name,
      restore,
      backup,
      items,
      state: {
        modifiers,
        volumeInfos: this.contents.volumeInfos(backup.metadata.name),
        provisioned: new Set(),
        renamed: new Map(),
      },
      durationMs,
      outcome,
      done,
    });
  }

  /** Items are created over the restore's duration, with progress patched about once a second. */
  private restoreInBatches(job: RestoreJob) {
    const { name, items, durationMs, done } = job;
    const results: RestoreResults = { errors: {}, warnings: {} };
    const resourceList: Record<string, string[]> = {};
    const batches = Math.max(1, Math.ceil(durationMs / 1000));
    const perBatch = Math.ceil(items.length / batches);
    let index = 0;
    const step = () => {
      const current = this.ctx.store.get(
        this.v.restores,
        this.veleroNamespace,
        name,
      );
      if (!current || current.metadata.deletionTimestamp) {
        done();
        return;
      }
      for (const item of items.slice(index, index + perBatch)) {
        const restored = restoreItem(this.ctx, { ...job, item, results });
        const { namespace } = item.target.metadata;
        (resourceList[resourceListKey(item.type)] ??= []).push(
          `${namespace ? `${namespace}/` : ''}${restored.name}(${
            restored.outcome
          })`,
        );
      }
      index += perBatch;
      const itemsRestored = Math.min(index, items.length);
      this.patch(name, r => {
        r.status = {
          ...r.status,
          progress: { totalItems: items.length, itemsRestored },
        };
      });
      if (index < items.length) {
        this.ctx.setTimer(step, durationMs / batches);
        return;
      }
      this.ctx.setTimer(
        () => this.finish(name, results, resourceList, job.outcome, done),
        Math.max(0, durationMs - (durationMs / batches) * (batches - 1)),
      );
    };
    this.ctx.setTimer(step, 0);
  }

  /** How long the restore takes: the backup's behaviour annotation, else two controller steps. */
  private restoreDurationMs(behaviour: Record<string, string>): number {
    const fallbackMs = this.ctx.options.veleroStepMs * 2;
    const text = behaviour[behaviourAnnotations.restoreDuration];
    if (!text) return fallbackMs;
    try {
      return parseDuration(text);
    } catch {
      return fallbackMs;
    }
  }

  private markInProgress(name: string, backup: KubeObject, totalItems: number) {
    this.patch(name, r => {
      r.metadata.finalizers = [
        ...new Set([...(r.metadata.finalizers ?? []), finalizer]),
      ];
      r.spec = completedRestoreSpec(
        { ...r.spec, backupName: backup.metadata.name },
        backup,
      );
      r.status = {
        phase: 'InProgress',
        startTimestamp: rfc3339(this.ctx.clock.now()),
        progress: { totalItems, itemsRestored: 0 },
      };
    });
  }

  private markFailed(name: string, behaviour: Record<string, string>) {
    const failureReason =
      behaviour[behaviourAnnotations.failureReason] ??
      'error downloading backup: rpc error: code = Unknown desc = NoSuchKey: The specified key does not exist.';
    this.putRestoreLog(name, {
      resourceList: {},
      results: { errors: {}, warnings: {} },
      failureReason,
    });
    this.patch(name, r => {
      r.status = {
        ...r.status,
        phase: 'Failed',
        completionTimestamp: rfc3339(this.ctx.clock.now()),
        failureReason,
      };
    });
  }

  /** The restore's log in object storage, as Velero uploads it when a restore ends. */
  private putRestoreLog(
    name: string,
    content: Pick<
      Parameters<typeof restoreLogText>[0],
      'resourceList' | 'results' | 'failureReason'
    >,
  ) {
    const restore = this.ctx.store.get(
      this.v.restores,
      this.veleroNamespace,
      name,
    );
    const finishedAt = rfc3339(this.ctx.clock.now());
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-logs.gz`,
      restoreLogText({
        restore: `${this.veleroNamespace}/${name}`,
        startedAt: restore?.status?.startTimestamp ?? finishedAt,
        finishedAt,
        ...content,
      }),
    );
  }
  private finish(
    name: string,
    results: RestoreResults,
    resourceList: Record<string, string[]>,
    outcome: string,
    done: () => void,
  ) {
    if (
      outcome === 'PartiallyFailed' &&
      !results.errors.namespaces &&
      !results.errors.cluster
    ) {
      addMessage(
        results.errors,
        undefined,
        'error restoring items: simulated item failure',
      );
    }
    const errorCount = countMessages(results.errors);
    const warningCount = countMessages(results.warnings);
    Object.values(resourceList).forEach(l => l.sort());
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-results.gz`,
      JSON.stringify(results),
    );
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-resource-list.json.gz`,
      JSON.stringify(resourceList),
    );
    this.putRestoreLog(name, { resourceList, results });
    this.patch(name, r => {
      r.status = {
        ...r.status,
        phase: errorCount ? 'FinalizingPartiallyFailed' : 'Finalizing',
        errors: errorCount || undefined,
        warnings: warningCount || undefined,
      };
    });
    this.ctx.setTimer(() => {
      this.patch(name, r => {
        r.status = {
          ...r.status,
          phase: errorCount ? 'PartiallyFailed' : 'Completed',
          completionTimestamp: rfc3339(this.ctx.clock.now()),
        };
      });
      done();
    }, Math.min(200, this.ctx.options.veleroStepMs));
  }

  private plan(restore: KubeObject, backup: KubeObject): PlannedItem[] {
    const spec = restore.spec ?? {};
    const mapping: Record<string, string> = spec.namespaceMapping ?? {};
    const included = (spec.includedNamespaces ?? []).includes('*')
      ? []
      : spec.includedNamespaces;
    const labelReqs = selectorObjectToRequirements(spec.labelSelector);
    const orSelectors = (spec.orLabelSelectors ?? []).map((s: any) =>
      selectorObjectToRequirements(s),
    );
    const items: PlannedItem[] = [];
    const contents = this.contents.get(backup.metadata.name) ?? [];
    for (const source of contents) {
      const type = this.ctx.registry.byKind(source.apiVersion, source.kind);
      if (!type) continue;
      const ns =
        source.kind === 'Namespace'
          ? source.metadata.name
          : source.metadata.namespace;
      if (ns && !namespaceIncluded(ns, included, spec.excludedNamespaces))
        continue;
      if (!ns) continue; // cluster resources: only volumes, as additional items of their claims
      if (
        nonRestorable.has(groupResource(type)) ||
        nonRestorable.has(type.plural)
      )
        continue;
      if (
        !resourceIncluded(type, spec.includedResources, spec.excludedResources)
      )
        continue;
      if (type.kind !== 'Namespace') {
        if (
          labelReqs.length &&
          !matchesRequirements(source.metadata.labels, labelReqs)
        )
          continue;
        if (
          orSelectors.length &&
          !orSelectors.some((r: any) =>
            matchesRequirements(source.metadata.labels, r),
          )
        )
          continue;
      }
      const targetNs = ns ? mapping[ns] ?? ns : undefined;
      const target: KubeObject = JSON.parse(JSON.stringify(source));
      if (type.kind === 'Namespace') target.metadata.name = targetNs!;
      else if (type.namespaced) target.metadata.namespace = targetNs;
      const volume =
        type.kind === 'PersistentVolumeClaim'
          ? this.claimedVolume(source, contents, spec)
          : undefined;
      if (volume) items.push(volume);
      items.push({ type, source, target });
    }
    const rank = (t: ResourceType) => {
      const i = priority.indexOf(t.plural);
      return i < 0 ? priority.length : i;
    };
    return items.sort((a, b) => rank(a.type) - rank(b.type));
  }

  /**
   * The PV of a claim that was bound at backup time, restored with the claim
   * as Velero's PVC action adds it: subject to the restore's resource filters
   * and `includeClusterResources`, but not to its label selectors.
   */
  private claimedVolume(
    claim: KubeObject,
    contents: KubeObject[],
    spec: any,
  ): PlannedItem | undefined {
    const volumeName = claim.spec?.volumeName;
    if (claim.status?.phase !== 'Bound' || !volumeName) return undefined;
    const type = kinds(this.ctx.registry).pvs;
    if (spec.includeClusterResources === false) return undefined;
    if (!resourceIncluded(type, spec.includedResources, spec.excludedResources))
      return undefined;
    const pv = contents.find(
      o => o.kind === 'PersistentVolume' && o.metadata.name === volumeName,
    );
    return pv
      ? { type, source: pv, target: JSON.parse(JSON.stringify(pv)) }
      : undefined;
  }

  private finalizeDeletion(name: string) {
    this.storage.deletePrefix(`restores/${name}/`);
    const r = this.ctx.store.get(this.v.restores, this.veleroNamespace, name);
    if (!r) return;
    const bsl = this.ctx.store.get(
      this.v.bsls,
      this.veleroNamespace,
      'default',
    );
    if (bsl && bsl.status?.phase !== 'Available') {
      this.ctx.setTimer(() => this.finalizeDeletion(name), 1000); // Velero keeps retrying while storage is down
      return;
    }
    this.patch(name, x => {
      x.metadata.finalizers = (x.metadata.finalizers ?? []).filter(
        f => f !== finalizer,
      );
    });
    this.release(name);
  }
}
