import type { KubeObject } from '../store/types';
import {
  loadResourceModifiers,
  parseResourceModifiers,
  validateResourceModifiers,
} from './resourceModifiers';

const configMap = (data: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'mods', namespace: 'velero' },
  data,
});

const rules = `
version: v1
resourceModifierRules:
- conditions:
    groupResource: deployments.apps
    namespaces: [shop]
  patches:
  - operation: replace
    path: /spec/replicas
    value: 1
`;

describe('parseResourceModifiers', () => {
  it('reads the rules, numbers in string fields included', () => {
    const parsed = parseResourceModifiers(rules);
    expect(parsed).toEqual({
      modifiers: {
        version: 'v1',
        resourceModifierRules: [
          {
            conditions: {
              groupResource: 'deployments.apps',
              namespaces: ['shop'],
            },
            patches: [
              { operation: 'replace', path: '/spec/replicas', value: '1' },
            ],
          },
        ],
      },
    });
  });

  it('reads YAML 1.1 booleans as go-yaml does', () => {
    const parsed = parseResourceModifiers(
      'version: v1\nresourceModifierRules:\n- conditions: {groupResource: "*"}\n  patches: [{operation: add, path: /x, value: yes}]\n',
    );
    expect(parsed).toMatchObject({
      modifiers: { resourceModifierRules: [{ patches: [{ value: 'true' }] }] },
    });
  });

  it('refuses unknown fields, duplicate keys and bad YAML with the decoder wording', () => {
    expect(
      parseResourceModifiers('version: v1\nresourceModifierRule: []\n'),
    ).toEqual({
      error:
        'failed to decode yaml data into resource modifiers, err: error unmarshaling JSON: while decoding JSON: json: unknown field "resourceModifierRule"',
    });
    expect(parseResourceModifiers('version: v1\nversion: v2\n')).toEqual({
      error:
        'failed to decode yaml data into resource modifiers, err: error converting YAML to JSON: yaml: unmarshal errors:\n  line 2: key "version" already set in map',
    });
    expect(
      (parseResourceModifiers('a: [1\nb: c: d') as { error: string }).error,
    ).toMatch(
      /^failed to decode yaml data into resource modifiers, err: error converting YAML to JSON: yaml: line \d+: /,
    );
  });
});

describe('validateResourceModifiers', () => {
  const rule = (extra: object) => ({
    version: 'v1',
    resourceModifierRules: [
      { conditions: { groupResource: 'pods' }, ...extra },
    ],
  });

  it.each([
    [{ version: 'v2' }, 'unsupported resource modifier version v2'],
    [{ version: 'V1' }, 'resource modifier rules cannot be empty'],
    [
      { version: 'v1', resourceModifierRules: [{ conditions: {} }] },
      'groupkResource cannot be empty',
    ],
    [
      rule({
        patches: [{ operation: 'add', path: '/a', value: '1' }],
        mergePatches: [{ patchData: '{}' }],
      }),
      'only one of patches, mergePatches, strategicPatches can be specified',
    ],
    [rule({ patches: [{ path: '/a' }] }), 'operation cannot be empty'],
    [
      rule({ patches: [{ operation: 'merge', path: '/a' }] }),
      'unsupported operation merge',
    ],
    [rule({ patches: [{ operation: 'Remove' }] }), 'path cannot be empty'],
  ])('%j: %s', (modifiers, message) => {
    expect(validateResourceModifiers(modifiers)).toBe(message);
  });

  it('accepts a rule without patches', () => {
    expect(validateResourceModifiers(rule({}))).toBeUndefined();
  });
});

describe('loadResourceModifiers', () => {
  const ref = { kind: 'ConfigMap', name: 'mods' };

  it('finds the ConfigMap in Velero’s namespace', () => {
    const get = jest.fn(() => configMap({ 'rules.yaml': rules }));
    expect(loadResourceModifiers(ref, 'velero', get).modifiers).toBeDefined();
    expect(get).toHaveBeenCalledWith('mods');
  });

  it('ignores a reference of another kind, as Velero does', () => {
    expect(
      loadResourceModifiers({ kind: 'Secret', name: 'x' }, 'velero', () => {
        throw new Error('not read');
      }),
    ).toEqual({});
  });

  it.each([
    [undefined, 'failed to get resource modifiers configmap velero/mods'],
    [
      configMap({ a: rules, b: rules }),
      'Error in parsing resource modifiers provided in configmap velero/mods: illegal resource modifiers velero/mods configmap',
    ],
    [
      configMap({ a: 'version: v9\nresourceModifierRules: []' }),
      'Validation error in resource modifiers provided in configmap velero/mods: unsupported resource modifier version v9',
    ],
  ])('%#: %s', (cm, error) => {
    expect(loadResourceModifiers(ref, 'velero', () => cm)).toEqual({ error });
  });
});
