import { ApiError } from '../api/status';
import type { SimulatorContext } from '../context';
import { behaviourAnnotations } from '../scenario/behaviours';
import type { KubeObject } from '../store/types';
import { veleroLabelValue } from './labels';
import { addMessage, type RestoreResults } from './restoreResults';
import {
  leftOutOfRestore,
  resetForRestore,
  type PlannedItem,
} from './restoreRules';

/** What happened to one item, as Velero's resource list records it. */
export type RestoreOutcome = 'created' | 'updated' | 'skipped' | 'failed';

export interface RestoreItemInput {
  item: PlannedItem;
  restore: KubeObject;
  backup: KubeObject;
  /** Where errors and warnings of the restore are collected. */
  results: RestoreResults;
}

/** An existing namespace is left as it is; a terminating one cannot take objects. */
function restoreNamespace(
  ctx: SimulatorContext,
  { type, source, target }: PlannedItem,
  labels: Record<string, string>,
  results: RestoreResults,
): RestoreOutcome {
  const name = target.metadata.name;
  const existing = ctx.store.get(type, undefined, name);
  if (existing?.metadata.deletionTimestamp) {
    addMessage(
      results.errors,
      name,
      `error restoring namespace ${name}: namespace is terminating`,
    );
    return 'failed';
  }
  if (existing) return 'skipped';
  ctx.admission.create(
    type,
    undefined,
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name,
        labels: {
          ...(source.metadata.labels ?? {}),
          ...labels,
          'kubernetes.io/metadata.name': name,
        },
        annotations: source.metadata.annotations,
      },
    },
    { dryRun: false },
  );
  return 'created';
}

/** An object already in the cluster is kept (a warning), except ServiceAccounts, which Velero merges. */
function restoreObject(
  ctx: SimulatorContext,
  { type, target }: PlannedItem,
  labels: Record<string, string>,
  results: RestoreResults,
  describe: string,
): RestoreOutcome {
  const ns = target.metadata.namespace;
  const body = resetForRestore(target, labels);
  if (ctx.store.get(type, ns, target.metadata.name)) {
    if (type.kind === 'ServiceAccount') return 'updated';
    addMessage(
      results.warnings,
      ns,
      `could not restore, ${type.kind} "${target.metadata.name}" already exists. Warning: the in-cluster version is different than the backed-up version`,
    );
    return 'skipped';
  }
  try {
    ctx.admission.create(type, ns, body, { dryRun: false });
    return 'created';
  } catch (e) {
    const reason = e instanceof ApiError ? e.message : String(e);
    addMessage(results.errors, ns, `error restoring ${describe}: ${reason}`);
    return 'failed';
  }
}

/** Writes one planned item into the cluster the way Velero's restore does. */
export function restoreItem(
  ctx: SimulatorContext,
  { item, restore, backup, results }: RestoreItemInput,
): RestoreOutcome {
  const { type, source, target } = item;
  if (leftOutOfRestore(item)) return 'skipped';
  const ns = target.metadata.namespace;
  const describe = `${type.kind.toLowerCase()} ${ns ? `${ns}/` : ''}${
    target.metadata.name
  }`;
  const injected =
    source.metadata.annotations?.[behaviourAnnotations.restoreError];
  if (injected) {
    addMessage(results.errors, ns, `error restoring ${describe}: ${injected}`);
    return 'failed';
  }
  const labels = {
    'velero.io/backup-name': veleroLabelValue(backup.metadata.name),
    'velero.io/restore-name': veleroLabelValue(restore.metadata.name),
  };
  if (type.kind === 'Namespace') {
    return restoreNamespace(ctx, item, labels, results);
  }
  return restoreObject(ctx, item, labels, results, describe);
}
