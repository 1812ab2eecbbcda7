import { ApiError } from '../api/status';
import type { SimulatorContext } from '../context';
import { behaviourAnnotations } from '../scenario/behaviours';
import type { KubeObject } from '../store/types';
import { leftOutOfRestore, resetForRestore } from '../velero/restoreRules';
import {
  applyKastenTransforms,
  type KastenTransform,
} from './kastenTransforms';

/** A `spec.filters.excludeResources` entry: `{group, resource}` (K10 Policy filter shape). */
interface ResourceFilter {
  group?: string;
  resource?: string;
  name?: string;
}

export interface AttemptResult {
  created: number;
  skipped: number;
  /** Why items could not be created, in K10-like words. */
  errors: string[];
}

function excluded(
  filters: ResourceFilter[],
  group: string,
  plural: string,
  name: string,
) {
  return filters.some(
    f =>
      (f.group ?? '') === group &&
      f.resource === plural &&
      (f.name === undefined || f.name === name),
  );
}

/**
 * Writes a restore point's objects of `sourceNamespace` into `target`: K10
 * leaves objects that already exist as they are (docs.kasten.io usage/restore,
 * older versions: "will not restore Kubernetes objects … that already exist"),
 * and namespaces themselves are not created by a RestoreAction here.
 */
export function restoreIntoTarget(
  ctx: SimulatorContext,
  items: KubeObject[],
  sourceNamespace: string,
  target: string,
  filters: ResourceFilter[],
  transforms: KastenTransform[] = [],
): AttemptResult {
  const result: AttemptResult = { created: 0, skipped: 0, errors: [] };
  for (const source of items) {
    if (source.metadata.namespace !== sourceNamespace) continue;
    const type = ctx.registry.byKind(source.apiVersion, source.kind);
    if (!type || !type.namespaced) continue;
    if (excluded(filters, type.group, type.plural, source.metadata.name))
      continue;
    const item = { type, source, target: source };
    if (leftOutOfRestore(item)) continue;
    const describe = `${type.kind} ${target}/${source.metadata.name}`;
    const injected =
      source.metadata.annotations?.[behaviourAnnotations.restoreError];
    if (injected) {
      result.errors.push(`Failed to restore ${describe}: ${injected}`);
      continue;
    }
    if (ctx.store.get(type, target, source.metadata.name)) {
      result.skipped++;
      continue;
    }
    const transformed = applyKastenTransforms(
      resetForRestore(source),
      transforms,
      type.group,
      type.plural,
    );
    if (transformed.error) {
      result.errors.push(`Failed to restore ${describe}: ${transformed.error}`);
      continue;
    }
    const body = transformed.object;
    body.metadata.namespace = target;
    try {
      ctx.admission.create(type, target, body, { dryRun: false });
      result.created++;
    } catch (e) {
      const reason = e instanceof ApiError ? e.message : String(e);
      result.errors.push(`Failed to restore ${describe}: ${reason}`);
    }
  }
  return result;
}
