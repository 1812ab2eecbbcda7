import { applyPatch, deepClone } from 'fast-json-patch';
import { errors } from '../api/status';
import type { ResourceType } from '../api/resources';
import type { KubeObject } from './types';

export const patchTypes = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** RFC 7386: null deletes, objects merge recursively, everything else replaces. */
export function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    return patch;
  const out =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The merge keys (Kubernetes' `patchMergeKey`) of the list fields clients
 * patch in practice. Lists without a key are replaced, as the API server does
 * for atomic lists. `ports` is keyed by `containerPort` in a container and by
 * `port` in a Service.
 */
const mergeKeys: Record<string, string | string[]> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  ports: ['containerPort', 'port'],
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
  conditions: 'type',
  tolerations: 'key',
  ownerReferences: 'uid',
};

/** The first candidate key the patch's items carry. */
function mergeKeyOf(
  keys: string | string[] | undefined,
  items: any[],
): string | undefined {
  if (typeof keys !== 'object') return keys;
  return keys.find(k => items.some(i => i && k in i));
}

/** Strategic merge patch for built-in kinds: keyed lists merge by key, `$patch: delete` removes. */
export function strategicMergePatch(
  target: any,
  patch: any,
  field?: string,
): any {
  if (Array.isArray(patch)) {
    const key = field ? mergeKeyOf(mergeKeys[field], patch) : undefined;
    if (!key || !Array.isArray(target))
      return patch.filter(p => !(p && p.$patch === 'delete'));
    const out = target.map(t => ({ ...t }));
    for (const item of patch) {
      const i = out.findIndex(t => t?.[key] === item?.[key]);
      if (item && item.$patch === 'delete') {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) {
        out[i] = strategicMergePatch(out[i], item);
      } else {
        out.push(item);
      }
    }
    return out;
  }
  if (patch === null || typeof patch !== 'object') return patch;
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return rest;
  }
  const out =
    target && typeof target === 'object' && !Array.isArray(target)
      ? { ...target }
      : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v, k);
  }
  return out;
}

/** Applies a PATCH body by content type, refusing what the real server refuses. */
export function applyPatchBody(
  type: ResourceType,
  current: KubeObject | undefined,
  contentType: string,
  body: unknown,
  name: string,
): KubeObject {
  const ct = contentType.split(';')[0].trim();
  const accepted = [
    patchTypes.json,
    patchTypes.merge,
    patchTypes.apply,
    ...(type.builtIn ? [patchTypes.strategic] : []),
  ];
  if (!accepted.includes(ct)) throw errors.unsupportedMediaType(accepted);
  if (ct === patchTypes.apply) {
    // Server-side apply without managed fields: create or merge.
    return current ? mergePatch(current, body) : (body as KubeObject);
  }
  if (!current) throw errors.notFound(type.plural, type.group, name);
  if (ct === patchTypes.json) {
    if (!Array.isArray(body))
      throw errors.badRequest(
        'json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
      );
    try {
      return applyPatch(deepClone(current), body as any, true, false)
        .newDocument;
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      throw errors.invalid(type.kind, type.group, name, [
        {
          reason: 'FieldValueInvalid',
          message: `the server rejected our request due to an error in our request: ${msg}`,
          field: 'patch',
        },
      ]);
    }
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw errors.badRequest('the body of the request was not a JSON object');
  }
  return ct === patchTypes.merge
    ? mergePatch(current, body)
    : strategicMergePatch(current, body);
}
