import type { SimulatorContext } from '../context';
import type { ResourceType } from '../api/resources';
import type { KubeObject } from '../store/types';
import { resetForRestore } from '../velero/restoreRules';

/** Kinds a namespace dump leaves out: events, the backup tools' own objects, and what controllers make. */
const notDumped = new Set([
  'events',
  'pods',
  'replicasets',
  'endpoints',
  'endpointslices',
]);

function dumped(type: ResourceType): boolean {
  return (
    type.namespaced &&
    !notDumped.has(type.plural) &&
    !type.group.endsWith('kubestash.com') &&
    type.group !== 'velero.io'
  );
}

/** The objects of a namespace as a kubedump backup of it would hold them now. */
export function dumpNamespace(
  ctx: SimulatorContext,
  namespace: string,
): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const type of ctx.registry.all()) {
    if (!dumped(type)) continue;
    for (const o of ctx.store.list(type, namespace)) {
      // Objects a controller owns come back from their owner.
      if (!o.metadata.ownerReferences?.length) objects.push(o);
    }
  }
  return objects;
}

/**
 * The `manifest-restore` task's filters that the double honours
 * (kubestash/docs@docs/guides/cluster-resources/restore-filtering-options):
 * comma-separated plural resources or group resources.
 */
export interface ManifestFilters {
  IncludeResources?: string;
  ExcludeResources?: string;
}

function listed(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map(s => s.trim())
    .filter(Boolean);
}

function groupResource(type: ResourceType) {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function filterAllows(
  type: ResourceType,
  filters: ManifestFilters,
): boolean {
  const names = [type.plural, groupResource(type)];
  const include = listed(filters.IncludeResources);
  const exclude = listed(filters.ExcludeResources);
  if (exclude.some(e => names.includes(e))) return false;
  return (
    include.length === 0 ||
    include.includes('*') ||
    include.some(i => names.includes(i))
  );
}

export interface RestoredManifest {
  kind: string;
  name: string;
  error?: string;
}

/** Creates the dumped objects in `restoreNamespace`, leaving existing ones as they are. */
export function restoreManifests(
  ctx: SimulatorContext,
  objects: KubeObject[],
  restoreNamespace: string,
  filters: ManifestFilters,
): RestoredManifest[] {
  const out: RestoredManifest[] = [];
  for (const source of objects) {
    const type = ctx.registry.byKind(source.apiVersion, source.kind);
    if (!type || !filterAllows(type, filters)) continue;
    const body = resetForRestore(source);
    body.metadata.namespace = restoreNamespace;
    const entry: RestoredManifest = {
      kind: source.kind,
      name: source.metadata.name,
    };
    if (!ctx.store.get(type, restoreNamespace, body.metadata.name)) {
      try {
        ctx.admission.create(type, restoreNamespace, body, { dryRun: false });
      } catch (e) {
        entry.error = `failed to restore ${source.kind} ${restoreNamespace}/${
          source.metadata.name
        }: ${e instanceof Error ? e.message : String(e)}`;
      }
    }
    out.push(entry);
  }
  return out;
}
