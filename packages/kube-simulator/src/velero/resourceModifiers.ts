import { parseDocument } from 'yaml';
import type { KubeObject } from '../store/types';
import { goString, strictDecode, type GoShape } from './strictDecode';

/** One `matches` entry: a JSON-patch `test` the object must pass. */
export interface MatchRule {
  path?: string;
  value?: string;
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key?: string; operator?: string; values?: string[] }[];
}

export interface Conditions {
  namespaces?: string[];
  groupResource?: string;
  resourceNameRegex?: string;
  labelSelector?: LabelSelector;
  matches?: MatchRule[];
}

/** A JSON patch operation as Velero reads it: every value is a string. */
export interface JsonPatchRule {
  operation?: string;
  from?: string;
  path?: string;
  value?: string;
}

export interface ResourceModifierRule {
  conditions?: Conditions;
  patches?: JsonPatchRule[];
  mergePatches?: { patchData?: string }[];
  strategicPatches?: { patchData?: string }[];
}

/** The document of a resource-modifier ConfigMap (Velero's `ResourceModifiers`). */
export interface ResourceModifiers {
  version?: string;
  resourceModifierRules?: ResourceModifierRule[];
}

const list = (of: GoShape, goType: string): GoShape => ({
  kind: 'list',
  of,
  goType,
});
const struct = (goType: string, fields: Record<string, GoShape>): GoShape => ({
  kind: 'struct',
  goType,
  fields,
});
const patchData = (goType: string) =>
  list(
    struct(`resourcemodifiers.${goType}`, { patchData: goString }),
    `[]resourcemodifiers.${goType}`,
  );

/** Velero's Go types, for strict decoding with its error messages. */
const shape: GoShape = struct('resourcemodifiers.ResourceModifiers', {
  version: goString,
  resourceModifierRules: list(
    struct('resourcemodifiers.ResourceModifierRule', {
      conditions: struct('resourcemodifiers.Conditions', {
        namespaces: list(goString, '[]string'),
        groupResource: goString,
        resourceNameRegex: goString,
        labelSelector: struct('v1.LabelSelector', {
          matchLabels: {
            kind: 'map',
            of: goString,
            goType: 'map[string]string',
          },
          matchExpressions: list(
            struct('v1.LabelSelectorRequirement', {
              key: goString,
              operator: goString,
              values: list(goString, '[]string'),
            }),
            '[]v1.LabelSelectorRequirement',
          ),
        }),
        matches: list(
          struct('resourcemodifiers.MatchRule', {
            path: goString,
            value: goString,
          }),
          '[]resourcemodifiers.MatchRule',
        ),
      }),
      patches: list(
        struct('resourcemodifiers.JSONPatch', {
          operation: goString,
          from: goString,
          path: goString,
          value: goString,
        }),
        '[]resourcemodifiers.JSONPatch',
      ),
      mergePatches: patchData('JSONMergePatch'),
      strategicPatches: patchData('StrategicMergePatch'),
    }),
    '[]resourcemodifiers.ResourceModifierRule',
  ),
});

/** A YAML parse error in the words of go-yaml, which Velero's YAML library wraps. */
function yamlError(text: string): string | undefined {
  // YAML 1.1 with unique keys, as go-yaml v2 strict mode reads it.
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: true });
  const error = doc.errors[0];
  if (!error) return undefined;
  const line = error.linePos?.[0].line ?? 1;
  if (error.code === 'DUPLICATE_KEY') {
    const key = text
      .slice(error.pos[0])
      .match(/^(?:"([^"]*)"|'([^']*)'|([^:\n]*))/)!
      .slice(1)
      .find(k => k !== undefined)!;
    return `yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(
      key.trim(),
    )} already set in map`;
  }
  const message = error.message.split('\n')[0].replace(/ at line \d+.*$/, '');
  return `yaml: line ${line}: ${message}`;
}

/** Parses the document of a resource-modifier ConfigMap as Velero's UnmarshalStrict does. */
export function parseResourceModifiers(
  text: string,
): { modifiers: ResourceModifiers } | { error: string } {
  const prefix = 'failed to decode yaml data into resource modifiers, err: ';
  const syntax = yamlError(text);
  if (syntax)
    return { error: `${prefix}error converting YAML to JSON: ${syntax}` };
  const data = parseDocument(text, { version: '1.1' }).toJS() ?? {};
  const decoded = strictDecode<ResourceModifiers>(data, shape);
  if ('error' in decoded)
    return {
      error: `${prefix}error unmarshaling JSON: while decoding JSON: ${decoded.error}`,
    };
  return { modifiers: decoded.value ?? {} };
}

const operations = ['add', 'remove', 'replace', 'test', 'move', 'copy'];

function validateRule(rule: ResourceModifierRule): string | undefined {
  if (!rule.conditions?.groupResource) return 'groupkResource cannot be empty'; // sic: Velero's wording
  const kinds = [rule.patches, rule.mergePatches, rule.strategicPatches];
  if (kinds.filter(k => k?.length).length > 1)
    return 'only one of patches, mergePatches, strategicPatches can be specified';
  for (const patch of rule.patches ?? []) {
    if (!patch.operation) return 'operation cannot be empty';
    if (!operations.includes(patch.operation.toLowerCase()))
      return `unsupported operation ${patch.operation}`;
    if (!patch.path) return 'path cannot be empty';
  }
  return undefined;
}

/** Velero's `ResourceModifiers.Validate`, with its messages. */
export function validateResourceModifiers(
  modifiers: ResourceModifiers,
): string | undefined {
  if ((modifiers.version ?? '').toLowerCase() !== 'v1')
    return `unsupported resource modifier version ${modifiers.version ?? ''}`;
  if (!modifiers.resourceModifierRules?.length)
    return 'resource modifier rules cannot be empty';
  for (const rule of modifiers.resourceModifierRules) {
    const error = validateRule(rule);
    if (error) return error;
  }
  return undefined;
}

/**
 * What the restore controller makes of `spec.resourceModifier`: the rules,
 * or the validation error Velero records (its exact wording). A reference
 * of another kind than ConfigMap is ignored, as Velero ignores it.
 */
export function loadResourceModifiers(
  ref: { kind?: string; name?: string } | undefined,
  restoreNamespace: string,
  getConfigMap: (name: string) => KubeObject | undefined,
): { modifiers?: ResourceModifiers; error?: string } {
  if (!ref || (ref.kind ?? '').toLowerCase() !== 'configmap') return {};
  const where = `${restoreNamespace}/${ref.name ?? ''}`;
  const cm = ref.name ? getConfigMap(ref.name) : undefined;
  if (!cm)
    return { error: `failed to get resource modifiers configmap ${where}` };
  const values = Object.values(cm.data ?? {}) as string[];
  const parsed =
    values.length === 1
      ? parseResourceModifiers(values[0])
      : {
          error: `illegal resource modifiers ${cm.metadata.namespace}/${cm.metadata.name} configmap`,
        };
  if ('error' in parsed)
    return {
      error: `Error in parsing resource modifiers provided in configmap ${where}: ${parsed.error}`,
    };
  const invalid = validateResourceModifiers(parsed.modifiers);
  if (invalid)
    return {
      error: `Validation error in resource modifiers provided in configmap ${where}: ${invalid}`,
    };
  return { modifiers: parsed.modifiers };
}
