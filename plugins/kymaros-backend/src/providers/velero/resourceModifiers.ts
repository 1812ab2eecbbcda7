import { InputError } from '@backstage/errors';
import type { RestoreEdit } from '@kymaros/plugin-kymaros-node';
import { stringify } from 'yaml';
import { formatBytes } from '@kymaros/plugin-kymaros-node';

/** The ConfigMap key holding the rules: Velero reads the only key, whatever its name. */
export const RESOURCE_MODIFIERS_KEY = 'modifiers.yaml';

/** A ConfigMap holds at most 1 MiB; the rest is left for its metadata. */
export const MAX_RESOURCE_MODIFIERS_BYTES = 900 * 1024;

const operations = new Set(['test', 'replace', 'add', 'remove']);
/** A namespace name: nothing Velero's namespace match reads as a pattern. */
const namespaceName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** `deployments.apps`, `services`: nothing Velero's glob match reads as a pattern. */
const groupResource =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * Characters a YAML 1.1 reader (Velero's) refuses or reads as a line break
 * inside a quoted string; written as `\u` escapes, which YAML and JSON both
 * read back as the character.
 */
const yamlUnsafe = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function escapeUnsafe(text: string): string {
  return text.replace(
    yamlUnsafe,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * Velero builds each JSON patch operation by pasting `path` between quotes
 * without escaping it: the path's JSON-escaped form makes the pasted text
 * read back as the path.
 */
function pastedPath(path: string, edit: string): string {
  if (!path.startsWith('/'))
    throw new InputError(
      `${edit}: the JSON pointer "${path}" must start with "/"`,
    );
  return JSON.stringify(path).slice(1, -1);
}

/**
 * The text Velero's JSON patch needs to produce exactly `value`
 * (internal/resourcemodifiers/json_patch.go): it pastes text that looks like
 * a number, boolean, null, object or array as is, and quotes anything else
 * after trimming one pair of surrounding quotes. A string is therefore
 * written JSON-quoted (so `"true"` stays a string), everything else as its
 * JSON text.
 */
function pastedValue(value: unknown, edit: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new InputError(`${edit}: ${value} is not a JSON number`);
  if (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    typeof value === 'object'
  )
    return JSON.stringify(value);
  throw new InputError(`${edit}: a ${typeof value} is not a JSON value`);
}

/** Go's regexp.QuoteMeta: the name matched literally. */
function quoteMeta(name: string): string {
  return name.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function conditions(edit: RestoreEdit, label: string) {
  if (!groupResource.test(edit.resource))
    throw new InputError(
      `${label}: "${edit.resource}" is not a resource and group such as deployments.apps`,
    );
  if (edit.namespace !== undefined && !namespaceName.test(edit.namespace))
    throw new InputError(
      `${label}: "${edit.namespace}" is not a namespace name`,
    );
  return {
    groupResource: edit.resource,
    ...(edit.namespace !== undefined ? { namespaces: [edit.namespace] } : {}),
    ...(edit.name ? { resourceNameRegex: `^${quoteMeta(edit.name)}$` } : {}),
    ...(edit.when?.length
      ? {
          matches: edit.when.map(w => ({
            path: pastedPath(w.path, label),
            value: pastedValue(w.value, label),
          })),
        }
      : {}),
  };
}

function jsonPatches(
  patch: NonNullable<RestoreEdit['jsonPatch']>,
  label: string,
) {
  return patch.map(p => {
    if (!operations.has(p.op))
      throw new InputError(`${label}: "${p.op}" is not a JSON patch operation`);
    if (p.op !== 'remove' && p.value === undefined)
      throw new InputError(`${label}: "${p.op}" ${p.path} needs a value`);
    return {
      operation: p.op,
      path: pastedPath(p.path, label),
      ...(p.op !== 'remove' ? { value: pastedValue(p.value, label) } : {}),
    };
  });
}

function rule(edit: RestoreEdit, index: number) {
  const label = `Restore edit ${index + 1} (${edit.resource}${
    edit.name ? ` ${edit.name}` : ''
  })`;
  const hasJson = !!edit.jsonPatch?.length;
  const hasMerge = edit.mergePatch !== undefined;
  if (hasJson === hasMerge)
    throw new InputError(
      `${label}: exactly one of jsonPatch (not empty) and mergePatch must be set`,
    );
  if (
    hasMerge &&
    (typeof edit.mergePatch !== 'object' ||
      !edit.mergePatch ||
      Array.isArray(edit.mergePatch))
  )
    throw new InputError(`${label}: mergePatch must be a JSON object`);
  return {
    conditions: conditions(edit, label),
    ...(hasJson
      ? { patches: jsonPatches(edit.jsonPatch!, label) }
      : {
          // Velero reads patchData as YAML, of which this JSON text is a part.
          mergePatches: [
            { patchData: escapeUnsafe(JSON.stringify(edit.mergePatch)) },
          ],
        }),
  };
}

/**
 * The edits as Velero resource modifier rules (`version: v1`), one rule per
 * edit in the edits' order. Every string is double-quoted, so Velero's YAML
 * 1.1 reader never takes `yes` or `1:20` for anything but text. Refused
 * (InputError) when an edit is malformed or the document would not fit in
 * a ConfigMap.
 */
export function resourceModifiersYaml(edits: RestoreEdit[]): string {
  const document = {
    version: 'v1',
    resourceModifierRules: edits.map(rule),
  };
  const text = escapeUnsafe(
    stringify(document, {
      defaultStringType: 'QUOTE_DOUBLE',
      defaultKeyType: 'PLAIN',
      lineWidth: 0,
    }),
  );
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_RESOURCE_MODIFIERS_BYTES)
    throw new InputError(
      `The restore's ${edits.length} edits make ${formatBytes(
        bytes,
      )} of Velero resource modifiers, more than the ${formatBytes(
        MAX_RESOURCE_MODIFIERS_BYTES,
      )} a ConfigMap can hold`,
    );
  return text;
}
