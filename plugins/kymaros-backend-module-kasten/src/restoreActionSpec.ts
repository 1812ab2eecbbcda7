import { InputError } from '@backstage/errors';
import type {
  RestoreEdit,
  RestoreTransforms,
} from '@kymaros/plugin-kymaros-node';
import { APPS_GROUP, VERSION } from './kastenApi';

/** A resource matcher as K10 filters and transform subjects take it (docs.kasten.io/latest/api/policies, filters). */
interface ResourceMatcher {
  group?: string;
  resource: string;
  name?: string;
}

interface JsonOp {
  op: 'test' | 'add' | 'remove' | 'replace';
  path: string;
  value?: unknown;
}

/** One K10 transform (docs.kasten.io/latest/api/transformsets: `subject`, `name`, `json`). */
export interface KastenTransform {
  subject: ResourceMatcher;
  name: string;
  json: JsonOp[];
}

export interface RestoreActionSpec {
  subject: {
    apiVersion: string;
    kind: 'RestorePoint';
    name: string;
    namespace: string;
  };
  targetNamespace: string;
  filters?: { excludeResources: ResourceMatcher[] };
  transforms?: KastenTransform[];
}

/** `ingresses.networking.k8s.io` → `{group, resource}`; core resources have no group. */
function matcherOf(groupResource: string, name?: string): ResourceMatcher {
  const dot = groupResource.indexOf('.');
  const resource = dot < 0 ? groupResource : groupResource.slice(0, dot);
  const group = dot < 0 ? '' : groupResource.slice(dot + 1);
  if (!resource)
    throw new InputError(
      `"${groupResource}" is not a resource name (plural or plural.group)`,
    );
  return {
    ...(group ? { group } : {}),
    resource,
    ...(name ? { name } : {}),
  };
}

function pointerSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * A merge patch (RFC 7386) as JSON-patch `add` operations on its leaves:
 * objects are merged key by key, anything else (arrays, scalars, null)
 * replaces the member. `add` replaces an existing member and creates a
 * missing one, but not missing parents: a merge patch whose parents are
 * missing from an object fails there (the engine's edits touch `spec` and
 * `data`, which the objects they target have). A null value is set as null,
 * which Kubernetes decodes as absent.
 */
export function mergePatchOps(
  patch: Record<string, unknown>,
  base = '',
): JsonOp[] {
  return Object.entries(patch).flatMap(([key, value]) => {
    const path = `${base}/${pointerSegment(key)}`;
    if (value && typeof value === 'object' && !Array.isArray(value))
      return mergePatchOps(value as Record<string, unknown>, path);
    return [{ op: 'add' as const, path, value }];
  });
}

/**
 * An edit as a K10 transform (shape from docs.kasten.io/latest/api/transformsets,
 * which RestoreActions accept in `spec.transforms`): its `when` conditions
 * become leading `test` operations. That K10 accepts `test` and that a
 * failed test leaves the object as it is, rather than failing the restore,
 * is not confirmed.
 */
export function transformOf(edit: RestoreEdit, index: number): KastenTransform {
  if (!!edit.jsonPatch === !!edit.mergePatch)
    throw new InputError(
      `Edit of ${edit.resource}${
        edit.name ? `/${edit.name}` : ''
      } must have exactly one of jsonPatch and mergePatch`,
    );
  const tests: JsonOp[] = (edit.when ?? []).map(w => ({
    op: 'test',
    path: w.path,
    value: w.value,
  }));
  const ops: JsonOp[] = edit.jsonPatch
    ? edit.jsonPatch.map(o => ({ ...o }))
    : mergePatchOps(edit.mergePatch!);
  return {
    subject: matcherOf(edit.resource, edit.name),
    name: `kymaros-edit-${index + 1}`,
    json: [...tests, ...ops],
  };
}

/**
 * The RestoreAction spec for one source namespace restored into its
 * sandbox: the restore point as subject (namespace = the application's,
 * docs.kasten.io/latest/api/actions), `targetNamespace` = the sandbox,
 * excluded resources as `filters.excludeResources`, and the edits of that
 * namespace as transforms. Edits of cluster-scoped objects (no namespace)
 * are left out: a RestoreAction restores no cluster-scoped objects.
 */
export function restoreActionSpec(
  restorePoint: { name: string; namespace: string },
  sandbox: string,
  transforms: RestoreTransforms | undefined,
): RestoreActionSpec {
  const excluded = (transforms?.excludedResources ?? []).map(r => matcherOf(r));
  const edits = (transforms?.edits ?? []).filter(
    e => e.namespace === restorePoint.namespace,
  );
  return {
    subject: {
      apiVersion: `${APPS_GROUP}/${VERSION}`,
      kind: 'RestorePoint',
      name: restorePoint.name,
      namespace: restorePoint.namespace,
    },
    targetNamespace: sandbox,
    ...(excluded.length ? { filters: { excludeResources: excluded } } : {}),
    ...(edits.length ? { transforms: edits.map(transformOf) } : {}),
  };
}
