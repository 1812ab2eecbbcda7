import { applyPatch, deepClone, type Operation } from 'fast-json-patch';
import type { KubeObject } from '../store/types';

/** A K10 transform (docs.kasten.io/latest/api/transformsets): a subject matcher and JSON-patch operations. */
export interface KastenTransform {
  subject?: { group?: string; resource?: string; name?: string };
  name?: string;
  json?: Operation[];
}

function applies(
  t: KastenTransform,
  group: string,
  plural: string,
  name: string,
) {
  const s = t.subject ?? {};
  return (
    (s.group ?? '') === group &&
    s.resource === plural &&
    (s.name === undefined || s.name === name)
  );
}

/**
 * Applies the transforms whose subject matches, in order. A transform whose
 * `test` fails leaves the object as it was (assumed: K10's behaviour here is
 * not published); any other failing operation is an error naming the transform.
 */
export function applyKastenTransforms(
  object: KubeObject,
  transforms: KastenTransform[],
  group: string,
  plural: string,
): { object: KubeObject; error?: string } {
  let current = object;
  for (const t of transforms) {
    if (!applies(t, group, plural, object.metadata.name)) continue;
    const ops = t.json ?? [];
    try {
      current = applyPatch(deepClone(current), ops, true, false).newDocument;
    } catch (e: any) {
      // A test that does not hold (or whose path is missing) skips the transform.
      if (e?.name === 'TEST_OPERATION_FAILED' || e?.operation?.op === 'test')
        continue;
      return {
        object,
        error: `transform ${t.name ?? '?'} failed: ${e?.message ?? String(e)}`,
      };
    }
  }
  return { object: current };
}
