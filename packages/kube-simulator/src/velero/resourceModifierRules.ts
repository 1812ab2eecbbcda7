import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../store/types';
import { mergePatch, strategicMergePatch } from '../store/patch';
import { matchesSelectorObject } from '../store/labelSelector';
import { compileGlob } from './globPattern';
import type {
  Conditions,
  ResourceModifierRule,
  ResourceModifiers,
} from './resourceModifiers';
import { applyJsonPatchRules } from './veleroJsonPatch';

/** The object a restore is about to create, and what it knows of its kind. */
export interface ModifiedItem {
  object: KubeObject;
  /** `plural.group`, or the plural alone for the core group, as Velero names resources. */
  groupResource: string;
  /** Whether strategic merge patches can be applied (Velero needs the kind in its scheme). */
  builtIn: boolean;
}

/** Velero's namespace lists treat a pattern that does not compile as matching nothing. */
function globMatches(pattern: string, value: string): boolean {
  try {
    return compileGlob(pattern).test(value);
  } catch {
    return false;
  }
}

const labelOperators = ['in', 'notin', 'exists', 'doesnotexist'];

/** Whether a rule's conditions select the object; an error is a condition Velero cannot evaluate. */
function conditionsMatch(
  c: Conditions,
  object: KubeObject,
  groupResource: string,
): boolean {
  const ns = object.metadata.namespace;
  const namespaces = c.namespaces ?? [];
  if (ns && namespaces.length && !namespaces.includes('*')) {
    if (!namespaces.some(n => globMatches(n, ns))) return false;
  }
  if (!compileGlob(c.groupResource ?? '', '.').test(groupResource))
    return false;
  if (c.resourceNameRegex) {
    let regex: RegExp;
    try {
      regex = new RegExp(c.resourceNameRegex);
    } catch (e) {
      throw new Error(
        `error in matching regex error parsing regexp: ${(e as Error).message}`,
      );
    }
    if (!regex.test(object.metadata.name)) return false;
  }
  if (c.labelSelector) {
    for (const e of c.labelSelector.matchExpressions ?? []) {
      if (!labelOperators.includes((e.operator ?? '').toLowerCase()))
        throw new Error(
          `error in creating label selector "${e.operator}" is not a valid label selector operator`,
        );
    }
    if (!matchesSelectorObject(object.metadata.labels, c.labelSelector as any))
      return false;
  }
  return matchesTests(c, object);
}

/** `matches` are JSON-patch tests: a failed test or a missing path is no match. */
function matchesTests(c: Conditions, object: KubeObject): boolean {
  if (!c.matches?.length) return true;
  if (c.matches.some(m => !m.path))
    throw new Error('path is required for match rule');
  const result = applyJsonPatchRules(
    object,
    c.matches.map(m => ({ operation: 'test', path: m.path, value: m.value })),
  );
  if (result.outcome === 'failed') throw new Error(result.message);
  return result.outcome === 'applied';
}

/** `patchData` as YAML or JSON, converted as Velero's YAMLToJSON does. */
function patchDocument(text: string | undefined): unknown {
  try {
    return parseYaml(text ?? '', { version: '1.1' }) ?? null;
  } catch (e) {
    throw new Error(
      `error in converting YAML to JSON yaml: ${
        (e as Error).message.split('\n')[0]
      }`,
    );
  }
}

/** A rule's patch, of the first kind it has in Velero's order; errors carry Velero's wording. */
function patchObject(
  rule: ResourceModifierRule,
  item: ModifiedItem,
): KubeObject {
  if (rule.patches?.length) {
    const result = applyJsonPatchRules(item.object, rule.patches);
    if (result.outcome === 'applied') return result.document as KubeObject;
    if (result.outcome === 'testFailed') return item.object; // Velero logs it and leaves the object alone
    throw new Error(`error in applying JSON Patch ${result.message}`);
  }
  if (rule.mergePatches?.length) {
    return rule.mergePatches.reduce((object, p) => {
      const patch = patchDocument(p.patchData);
      if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        throw new Error('error in applying JSON Patch: Invalid JSON Patch');
      return mergePatch(object, patch);
    }, item.object);
  }
  if (rule.strategicPatches?.length) {
    const { apiVersion, kind } = item.object;
    if (!item.builtIn)
      throw new Error(
        `no kind "${kind}" is registered for version "${apiVersion}" in scheme`,
      );
    return rule.strategicPatches.reduce((object, p) => {
      const patch = patchDocument(p.patchData);
      if (!patch || typeof patch !== 'object' || Array.isArray(patch))
        throw new Error(
          `error in applying Strategic Patch json: cannot unmarshal ${
            Array.isArray(patch) ? 'array' : typeof patch
          } into Go value of type map[string]interface {}`,
        );
      return strategicMergePatch(object, patch);
    }, item.object);
  }
  throw new Error('no patch data found');
}

/**
 * Velero's `ApplyResourceModifierRules`: every rule whose conditions match
 * patches the object in turn. With several rules the conditions are matched
 * against the object as it was before any rule, as Velero does. Errors are
 * returned (Velero files them under the item's namespace) and the object is
 * created all the same.
 */
export function applyResourceModifiers(
  modifiers: ResourceModifiers,
  item: ModifiedItem,
): { object: KubeObject; errors: string[] } {
  const rules = modifiers.resourceModifierRules ?? [];
  const original = item.object;
  let object = item.object;
  const errors: string[] = [];
  for (const rule of rules) {
    try {
      const compared = rules.length > 1 ? original : object;
      if (!conditionsMatch(rule.conditions ?? {}, compared, item.groupResource))
        continue;
    } catch (e) {
      errors.push((e as Error).message);
      continue;
    }
    try {
      object = patchObject(rule, { ...item, object });
    } catch (e) {
      errors.push(`error in applying patch ${(e as Error).message}`);
    }
  }
  return { object, errors };
}
