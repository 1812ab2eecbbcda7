import { ApiError } from '../api/status';
import type { SimulatorContext } from '../context';
import { kinds } from '../controllers/kinds';
import { behaviourAnnotations } from '../scenario/behaviours';
import type { KubeObject } from '../store/types';
import { groupResource, veleroLabelValue } from './labels';
import { applyResourceModifiers } from './resourceModifierRules';
import type { ResourceModifiers } from './resourceModifiers';
import { addMessage, type RestoreResults } from './restoreResults';
import {
  leftOutOfRestore,
  resetForRestore,
  withRestoreLabels,
  type PlannedItem,
} from './restoreRules';
import {
  restoreClaimVolume,
  restoreVolume,
  type VolumeRestoreState,
} from './restoreVolumes';

/** What happened to one item, as Velero's resource list records it. */
export type RestoreOutcome = 'created' | 'updated' | 'skipped' | 'failed';

/** What one restore carries from item to item. */
export interface RestoreState extends VolumeRestoreState {
  /** The rules of the restore's resource-modifier ConfigMap, if it names one. */
  modifiers?: ResourceModifiers;
}

export interface RestoreItemInput {
  item: PlannedItem;
  restore: KubeObject;
  backup: KubeObject;
  /** Where errors and warnings of the restore are collected. */
  results: RestoreResults;
  state: RestoreState;
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

/** The warning Velero gives for an object already in the cluster (its wording depends on the policy). */
function alreadyExists(kind: string, name: string, policy: string | undefined) {
  const what = policy ? `${kind} "${name}"` : `${kind}:${name}`;
  return `could not restore, ${what} already exists. Warning: the in-cluster version is different than the backed-up version`;
}

/** An object already in the cluster is kept (a warning), except ServiceAccounts, which Velero merges. */
function createObject(
  ctx: SimulatorContext,
  { item, restore, results }: RestoreItemInput,
  body: KubeObject,
): RestoreOutcome {
  const { type } = item;
  const ns = body.metadata.namespace;
  const name = body.metadata.name;
  if (ctx.store.get(type, ns, name)) {
    if (type.kind === 'ServiceAccount') return 'updated';
    const policy = restore.spec?.existingResourcePolicy;
    addMessage(results.warnings, ns, alreadyExists(type.kind, name, policy));
    return 'skipped';
  }
  try {
    ctx.admission.create(type, ns, body, { dryRun: false });
    return 'created';
  } catch (e) {
    const reason = e instanceof ApiError ? e.message : String(e);
    const describe = `${type.kind.toLowerCase()} ${ns ? `${ns}/` : ''}${name}`;
    addMessage(results.errors, ns, `error restoring ${describe}: ${reason}`);
    return 'failed';
  }
}

/**
 * The body Velero creates for an item, in Velero's order: volume handling
 * (a PV may be left to be provisioned afresh: `undefined`), reset of
 * metadata and status, the claim's binding, resource modifiers (which see
 * the object's original namespace), then the mapped namespace and labels.
 */
function restoreBody(
  ctx: SimulatorContext,
  { item, restore, results, state }: RestoreItemInput,
  labels: Record<string, string>,
): KubeObject | undefined {
  const { type, source, target } = item;
  let body: KubeObject | undefined = source;
  if (type.kind === 'PersistentVolume') {
    const pvs = kinds(ctx.registry).pvs;
    body = restoreVolume(
      source,
      restore.spec?.namespaceMapping ?? {},
      {
        exists: name => !!ctx.store.get(pvs, undefined, name),
      },
      state,
    );
    if (!body) return undefined;
  }
  body = resetForRestore(body);
  if (type.kind === 'PersistentVolumeClaim')
    body = restoreClaimVolume(body, state);
  if (state.modifiers) {
    const modified = applyResourceModifiers(state.modifiers, {
      object: body,
      groupResource: groupResource(type),
      builtIn: type.builtIn,
    });
    body = modified.object;
    for (const error of modified.errors)
      addMessage(results.errors, target.metadata.namespace, error);
  }
  if (type.namespaced) body.metadata.namespace = target.metadata.namespace;
  return withRestoreLabels(body, labels);
}

/** What happened to an item, under the name it was restored as (a volume may be renamed). */
export interface RestoredItem {
  outcome: RestoreOutcome;
  name: string;
}

/** Writes one planned item into the cluster the way Velero's restore does. */
export function restoreItem(
  ctx: SimulatorContext,
  input: RestoreItemInput,
): RestoredItem {
  const outcome = restoreOne(ctx, input);
  return typeof outcome === 'string'
    ? { outcome, name: input.item.target.metadata.name }
    : outcome;
}

function restoreOne(
  ctx: SimulatorContext,
  input: RestoreItemInput,
): RestoreOutcome | RestoredItem {
  const { item, restore, backup, results } = input;
  const { type, source, target } = item;
  if (leftOutOfRestore(item)) return 'skipped';
  const ns = target.metadata.namespace;
  const injected =
    source.metadata.annotations?.[behaviourAnnotations.restoreError];
  if (injected) {
    const describe = `${type.kind.toLowerCase()} ${ns ? `${ns}/` : ''}${
      target.metadata.name
    }`;
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
  const body = restoreBody(ctx, input, labels);
  if (!body) return 'skipped';
  return { outcome: createObject(ctx, input, body), name: body.metadata.name };
}
