import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { rfc3339 } from '../store/ObjectStore';
import { ApiError } from '../api/status';
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
  veleroLabelValue,
} from './labels';
import { Controller } from '../controllers/Controller';

const finalizer = 'restores.velero.io/external-resources-finalizer';

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

type Outcome = 'created' | 'updated' | 'skipped' | 'failed';

interface Results {
  errors: {
    velero?: string[];
    cluster?: string[];
    namespaces?: Record<string, string[]>;
  };
  warnings: {
    velero?: string[];
    cluster?: string[];
    namespaces?: Record<string, string[]>;
  };
}

function addMessage(
  bucket: Results['errors'],
  ns: string | undefined,
  message: string,
) {
  if (ns) ((bucket.namespaces ??= {})[ns] ??= []).push(message);
  else (bucket.cluster ??= []).push(message);
}

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
    return { errors: [], backup };
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
    const { errors: validationErrors, backup } = this.validate(restore);
    if (validationErrors.length || !backup) {
      // FailedValidation carries no timestamps.
      this.patch(name, r => {
        r.status = { phase: 'FailedValidation', validationErrors };
      });
      done();
      return;
    }
    const behaviour = backup.metadata.annotations ?? {};
    const outcome =
      behaviour[behaviourAnnotations.restoreOutcome] ?? 'Completed';
    let durationMs = this.ctx.options.veleroStepMs * 2;
    try {
      if (behaviour[behaviourAnnotations.restoreDuration])
        durationMs = parseDuration(
          behaviour[behaviourAnnotations.restoreDuration],
        );
    } catch {
      // keep the default
    }
    const items = this.plan(restore, backup);
    const start = this.ctx.clock.now();
    this.patch(name, r => {
      r.metadata.finalizers = [
        ...new Set([...(r.metadata.finalizers ?? []), finalizer]),
      ];
      r.spec = { ...r.spec, backupName: backup.metadata.name };
      r.status = {
        phase: 'InProgress',
        startTimestamp: rfc3339(start),
        progress: { totalItems: items.length, itemsRestored: 0 },
      };
    });
    if (outcome === 'stuck') return; // stays InProgress and blocks the queue, like a hung restore
    if (outcome === 'Failed') {
      this.ctx.setTimer(() => {
        this.patch(name, r => {
          r.status = {
            ...r.status,
            phase: 'Failed',
            completionTimestamp: rfc3339(this.ctx.clock.now()),
            failureReason:
              behaviour[behaviourAnnotations.failureReason] ??
              'error downloading backup: rpc error: code = Unknown desc = NoSuchKey: The specified key does not exist.',
          };
        });
        done();
      }, durationMs);
      return;
    }
    const results: Results = { errors: {}, warnings: {} };
    const resourceList: Record<string, string[]> = {};
    let restored = 0;
    const restoreItem = (item: PlannedItem) => {
      const outcomeOf = this.restoreItem(item, restore, backup, results);
      const label = `${
        item.target.metadata.namespace
          ? `${item.target.metadata.namespace}/`
          : ''
      }${item.target.metadata.name}(${outcomeOf})`;
      (resourceList[resourceListKey(item.type)] ??= []).push(label);
      restored++;
    };
    // Items are created over the restore's duration, with progress patched about once a second.
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
      for (const item of items.slice(index, index + perBatch))
        restoreItem(item);
      index += perBatch;
      this.patch(name, r => {
        r.status = {
          ...r.status,
          progress: { totalItems: items.length, itemsRestored: restored },
        };
      });
      if (index < items.length) {
        this.ctx.setTimer(step, durationMs / batches);
        return;
      }
      this.ctx.setTimer(
        () => this.finish(name, results, resourceList, outcome, done),
        Math.max(0, durationMs - (durationMs / batches) * (batches - 1)),
      );
    };
    this.ctx.setTimer(step, 0);
  }

  private finish(
    name: string,
    results: Results,
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
    const count = (b: Results['errors']) =>
      (b.velero?.length ?? 0) +
      (b.cluster?.length ?? 0) +
      Object.values(b.namespaces ?? {}).reduce((n, l) => n + l.length, 0);
    const errorCount = count(results.errors);
    const warningCount = count(results.warnings);
    Object.values(resourceList).forEach(l => l.sort());
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-results.gz`,
      JSON.stringify(results),
    );
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-resource-list.json.gz`,
      JSON.stringify(resourceList),
    );
    this.storage.putGzipped(
      `restores/${name}/restore-${name}-logs.gz`,
      `time="${rfc3339(
        this.ctx.clock.now(),
      )}" level=info msg="restore completed" restore=${
        this.veleroNamespace
      }/${name}\n`,
    );
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
    for (const source of this.contents.get(backup.metadata.name) ?? []) {
      const type = this.ctx.registry.byKind(source.apiVersion, source.kind);
      if (!type) continue;
      const ns =
        source.kind === 'Namespace'
          ? source.metadata.name
          : source.metadata.namespace;
      if (ns && !namespaceIncluded(ns, included, spec.excludedNamespaces))
        continue;
      if (!ns && type.kind !== 'PersistentVolume') continue; // cluster resources: only volumes of included claims
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
      items.push({ type, source, target });
    }
    const rank = (t: ResourceType) => {
      const i = priority.indexOf(t.plural);
      return i < 0 ? priority.length : i;
    };
    return items.sort((a, b) => rank(a.type) - rank(b.type));
  }

  private restoreItem(
    item: PlannedItem,
    restore: KubeObject,
    backup: KubeObject,
    results: Results,
  ): Outcome {
    const { type, source, target } = item;
    const ns = target.metadata.namespace;
    const describe = `${type.kind.toLowerCase()} ${ns ? `${ns}/` : ''}${
      target.metadata.name
    }`;
    // Things Velero deliberately does not bring back.
    if (
      type.kind === 'Pod' &&
      ['Succeeded', 'Failed'].includes(source.status?.phase)
    )
      return 'skipped';
    if (type.kind === 'Job' && source.status?.completionTime) return 'skipped';
    if (
      type.kind === 'Secret' &&
      source.type === 'kubernetes.io/service-account-token'
    )
      return 'skipped';
    if (type.kind === 'PersistentVolume') return 'skipped'; // re-provisioned dynamically for the restored claim
    // Owned objects come back through their controllers (a simplification of Velero's pod/replicaset handling).
    if (
      (source.metadata.ownerReferences ?? []).some(r => r.controller) &&
      ['Pod', 'ReplicaSet', 'Endpoints', 'ControllerRevision'].includes(
        type.kind,
      )
    )
      return 'skipped';
    if (type.kind === 'Endpoints') return 'skipped';
    const injected =
      source.metadata.annotations?.[behaviourAnnotations.restoreError];
    if (injected) {
      addMessage(
        results.errors,
        ns,
        `error restoring ${describe}: ${injected}`,
      );
      return 'failed';
    }
    const labels = {
      'velero.io/backup-name': veleroLabelValue(backup.metadata.name),
      'velero.io/restore-name': veleroLabelValue(restore.metadata.name),
    };
    if (type.kind === 'Namespace') {
      const existing = this.ctx.store.get(
        type,
        undefined,
        target.metadata.name,
      );
      if (existing) {
        if (existing.metadata.deletionTimestamp) {
          addMessage(
            results.errors,
            target.metadata.name,
            `error restoring namespace ${target.metadata.name}: namespace is terminating`,
          );
          return 'failed';
        }
        return 'skipped'; // an existing namespace is left as it is
      }
      this.ctx.admission.create(
        type,
        undefined,
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: {
            name: target.metadata.name,
            labels: {
              ...(source.metadata.labels ?? {}),
              ...labels,
              'kubernetes.io/metadata.name': target.metadata.name,
            },
            annotations: source.metadata.annotations,
          },
        },
        { dryRun: false },
      );
      return 'created';
    }
    const body = this.reset(target, labels);
    const existing = this.ctx.store.get(type, ns, target.metadata.name);
    if (existing) {
      if (type.kind === 'ServiceAccount') return 'updated';
      addMessage(
        results.warnings,
        ns,
        `could not restore, ${type.kind} "${target.metadata.name}" already exists. Warning: the in-cluster version is different than the backed-up version`,
      );
      return 'skipped';
    }
    try {
      this.ctx.admission.create(type, ns, body, { dryRun: false });
      return 'created';
    } catch (e) {
      addMessage(
        results.errors,
        ns,
        `error restoring ${describe}: ${
          e instanceof ApiError ? e.message : String(e)
        }`,
      );
      return 'failed';
    }
  }

  /** Drops server-set metadata and status, and what must not be carried over (cluster IPs, volume bindings). */
  private reset(o: KubeObject, labels: Record<string, string>): KubeObject {
    const {
      uid,
      resourceVersion,
      creationTimestamp,
      generation,
      managedFields,
      deletionTimestamp,
      ownerReferences,
      selfLink,
      ...meta
    } = o.metadata;
    const body: KubeObject = {
      ...o,
      metadata: {
        ...meta,
        labels: { ...(o.metadata.labels ?? {}), ...labels },
      },
    };
    delete body.status;
    if (body.kind === 'Service' && body.spec) {
      if (body.spec.clusterIP !== 'None') {
        delete body.spec.clusterIP;
        delete body.spec.clusterIPs;
      }
      body.spec.ports = (body.spec.ports ?? []).map(
        ({ nodePort, ...p }: any) => p,
      );
    }
    if (body.kind === 'PersistentVolumeClaim' && body.spec) {
      delete body.spec.volumeName;
      const ann = { ...(body.metadata.annotations ?? {}) };
      for (const k of [
        'pv.kubernetes.io/bind-completed',
        'pv.kubernetes.io/bound-by-controller',
        'volume.kubernetes.io/selected-node',
      ])
        delete ann[k];
      body.metadata.annotations = ann;
    }
    return body;
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

interface PlannedItem {
  type: ResourceType;
  source: KubeObject;
  target: KubeObject;
}
