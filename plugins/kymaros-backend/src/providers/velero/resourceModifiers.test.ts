import { parse } from 'yaml';
import type { RestoreEdit } from '@kymaros/plugin-kymaros-node';
import {
  MAX_RESOURCE_MODIFIERS_BYTES,
  resourceModifiersYaml,
} from './resourceModifiers';

/**
 * What Velero does with one patch of the rules
 * (internal/resourcemodifiers/json_patch.go, JSONPatch.ToString and
 * addQuotes): the JSON text it builds, parsed as Go's decoder would.
 */
function veleroPatch(p: { operation: string; path: string; value?: string }) {
  let value = p.value ?? '';
  let quoted: boolean;
  if (value === '') quoted = true;
  else if (value.startsWith('"') && value.endsWith('"')) {
    value = value.replace(/^"/, '').replace(/"$/, '');
    quoted = true;
  } else
    quoted = !(
      value === 'null' ||
      ['true', 'false'].includes(value.toLowerCase()) ||
      value.startsWith('{') ||
      value.startsWith('[') ||
      // Go's strconv.ParseFloat, for the texts JSON numbers take.
      /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)
    );
  const text = quoted
    ? `{"op": "${p.operation}", "from": "", "path": "${p.path}", "value": "${value}"}`
    : `{"op": "${p.operation}", "from": "", "path": "${p.path}", "value": ${value}}`;
  return JSON.parse(text);
}

/** The rules as Velero's YAML 1.1 reader sees them. */
function rulesOf(edits: RestoreEdit[]) {
  return parse(resourceModifiersYaml(edits), { version: '1.1' })
    .resourceModifierRules;
}

describe('resourceModifiersYaml', () => {
  it('writes one rule per edit, every string double-quoted', () => {
    expect(
      resourceModifiersYaml([
        {
          resource: 'services',
          namespace: 'shop',
          name: 'web.v2',
          when: [{ path: '/spec/type', value: 'LoadBalancer' }],
          jsonPatch: [
            { op: 'replace', path: '/spec/type', value: 'ClusterIP' },
            { op: 'remove', path: '/spec/loadBalancerIP' },
          ],
        },
        {
          resource: 'cronjobs.batch',
          namespace: 'shop',
          mergePatch: { spec: { suspend: true } },
        },
      ]),
    ).toBe(
      `version: "v1"
resourceModifierRules:
  - conditions:
      groupResource: "services"
      namespaces:
        - "shop"
      resourceNameRegex: "^web\\\\.v2$"
      matches:
        - path: "/spec/type"
          value: "\\"LoadBalancer\\""
    patches:
      - operation: "replace"
        path: "/spec/type"
        value: "\\"ClusterIP\\""
      - operation: "remove"
        path: "/spec/loadBalancerIP"
  - conditions:
      groupResource: "cronjobs.batch"
      namespaces:
        - "shop"
    mergePatches:
      - patchData: "{\\"spec\\":{\\"suspend\\":true}}"
`,
    );
  });

  it.each<[string, unknown]>([
    ['a string', 'ClusterIP'],
    ['a string that reads as a boolean', 'true'],
    ['a string that reads as a number', '8080'],
    ['a string that reads as null', 'null'],
    ['a string in quotes', '"quoted"'],
    ['an empty string', ''],
    ['a string with a quote and a backslash', 'a"b\\c'],
    ['a YAML 1.1 boolean word', 'yes'],
    ['a sexagesimal-looking string', '1:20'],
    ['a string with line separators', 'a\u2028b\u0085c\u007fd\ufeffe'],
    ['a URL', 'http://db.sb-shop.svc.cluster.local:5432/x?y=1#z'],
    ['a number', 3],
    ['a negative fraction', -0.25],
    ['a big number', 1e21],
    ['true', true],
    ['false', false],
    ['null', null],
    ['an object', { a: { b: ['x', 1, null] }, 'c"d': 'e\nf' }],
    ['an array', ['a', 'true', 2]],
    ['an empty object', {}],
  ])('makes Velero patch exactly %s', (_, value) => {
    const [rule] = rulesOf([
      {
        resource: 'configmaps',
        jsonPatch: [{ op: 'add', path: '/data/k', value }],
      },
    ]);
    expect(veleroPatch(rule.patches[0])).toEqual({
      op: 'add',
      from: '',
      path: '/data/k',
      value,
    });
  });

  it('makes Velero read paths with quotes and escapes as written', () => {
    const path = '/metadata/annotations/a~1"b\\c';
    const [rule] = rulesOf([
      {
        resource: 'configmaps',
        when: [{ path, value: 'x' }],
        jsonPatch: [{ op: 'test', path, value: 'x' }],
      },
    ]);
    expect(veleroPatch(rule.patches[0]).path).toBe(path);
    expect(
      veleroPatch({ operation: 'test', ...rule.conditions.matches[0] }),
    ).toMatchObject({ path, value: 'x' });
  });

  it('keeps a merge patch exact through both YAML readings', () => {
    const mergePatch = { data: { url: 'a\u2028b', on: 'yes', n: 1.5 } };
    const [rule] = rulesOf([{ resource: 'configmaps', mergePatch }]);
    expect(parse(rule.mergePatches[0].patchData, { version: '1.1' })).toEqual(
      mergePatch,
    );
  });

  it('never writes a character a YAML 1.1 reader refuses or reads as a line break', () => {
    const odd = 'a\u2028b\u2029c\u0085d\u007fe\u009ff\ufeffg';
    const text = resourceModifiersYaml([
      {
        resource: 'configmaps',
        when: [{ path: `/data/${odd}`, value: odd }],
        jsonPatch: [{ op: 'add', path: '/data/k', value: { [odd]: odd } }],
      },
      { resource: 'configmaps', mergePatch: { data: { [odd]: odd } } },
    ]);
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\u2029\ufeff]/);
  });

  it('leaves namespaces and names out when the edit does not name them', () => {
    const [rule] = rulesOf([
      { resource: 'deployments.apps', mergePatch: { spec: { replicas: 1 } } },
    ]);
    expect(rule.conditions).toEqual({ groupResource: 'deployments.apps' });
  });

  it.each<[string, RestoreEdit, RegExp]>([
    [
      'a resource Velero would read as a pattern',
      { resource: 'secrets*', mergePatch: {} },
      /Restore edit 1 \(secrets\*\): "secrets\*" is not a resource and group/,
    ],
    [
      'both patches',
      {
        resource: 'services',
        mergePatch: {},
        jsonPatch: [{ op: 'remove', path: '/a' }],
      },
      /exactly one of jsonPatch \(not empty\) and mergePatch/,
    ],
    [
      'no patch',
      { resource: 'services', jsonPatch: [] },
      /exactly one of jsonPatch/,
    ],
    [
      'a merge patch that is not an object',
      { resource: 'services', mergePatch: ['a'] as any },
      /mergePatch must be a JSON object/,
    ],
    [
      'an operation Velero does not take from Kymaros',
      {
        resource: 'services',
        name: 'web',
        jsonPatch: [{ op: 'move' as any, path: '/a' }],
      },
      /Restore edit 1 \(services web\): "move" is not a JSON patch operation/,
    ],
    [
      'a replace without a value',
      { resource: 'services', jsonPatch: [{ op: 'replace', path: '/a' }] },
      /"replace" \/a needs a value/,
    ],
    [
      'a path that is not a JSON pointer',
      {
        resource: 'services',
        jsonPatch: [{ op: 'replace', path: 'spec/type', value: 'x' }],
      },
      /the JSON pointer "spec\/type" must start with "\/"/,
    ],
    [
      'a value that is not JSON',
      {
        resource: 'services',
        jsonPatch: [{ op: 'add', path: '/a', value: Number.NaN }],
      },
      /NaN is not a JSON number/,
    ],
    [
      'a namespace Velero would read as a pattern',
      { resource: 'services', namespace: 'shop*', mergePatch: {} },
      /"shop\*" is not a namespace name/,
    ],
  ])('refuses %s', (_, edit, message) => {
    expect(() => resourceModifiersYaml([edit])).toThrow(message);
  });

  it('refuses rules a ConfigMap cannot hold, naming their size', () => {
    const big = 'x'.repeat(100 * 1024);
    const edits: RestoreEdit[] = Array.from({ length: 10 }, (_, i) => ({
      resource: 'configmaps',
      name: `c${i}`,
      mergePatch: { data: { big } },
    }));
    expect(MAX_RESOURCE_MODIFIERS_BYTES).toBe(900 * 1024);
    expect(() => resourceModifiersYaml(edits)).toThrow(
      /The restore's 10 edits make 1001\.5 KiB of Velero resource modifiers, more than the 900\.0 KiB a ConfigMap can hold/,
    );
    expect(() => resourceModifiersYaml(edits.slice(0, 8))).not.toThrow();
  });
});
