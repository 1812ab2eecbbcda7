import type { KubeObject } from '../store/types';
import { applyResourceModifiers } from './resourceModifierRules';
import type {
  ResourceModifierRule,
  ResourceModifiers,
} from './resourceModifiers';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { tier: 'front' } },
  spec: {
    replicas: 3,
    template: {
      spec: {
        containers: [
          {
            name: 'web',
            image: 'web:1',
            env: [{ name: 'DB', value: 'db.shop' }],
          },
        ],
      },
    },
  },
};

const modifiers = (...rules: ResourceModifierRule[]): ResourceModifiers => ({
  version: 'v1',
  resourceModifierRules: rules,
});

const apply = (
  mods: ResourceModifiers,
  object: KubeObject = deployment,
  groupResource = 'deployments.apps',
  builtIn = true,
) => applyResourceModifiers(mods, { object, groupResource, builtIn });

const replicas = (value: string): ResourceModifierRule['patches'] => [
  { operation: 'replace', path: '/spec/replicas', value },
];

describe('applyResourceModifiers: conditions', () => {
  it.each([
    [
      'the namespace',
      { groupResource: 'deployments.apps', namespaces: ['shop'] },
      true,
    ],
    [
      'another namespace',
      { groupResource: 'deployments.apps', namespaces: ['other'] },
      false,
    ],
    [
      'a namespace glob',
      { groupResource: 'deployments.apps', namespaces: ['sh*'] },
      true,
    ],
    ['any namespace', { groupResource: '*.apps', namespaces: ['*'] }, true],
    ['another resource', { groupResource: 'statefulsets.apps' }, false],
    ['a single-segment glob', { groupResource: '*' }, false],
    ['the name', { groupResource: '**', resourceNameRegex: '^we' }, true],
    [
      'another name',
      { groupResource: '**', resourceNameRegex: '^api$' },
      false,
    ],
    [
      'the labels',
      {
        groupResource: '**',
        labelSelector: { matchLabels: { tier: 'front' } },
      },
      true,
    ],
    [
      'other labels',
      {
        groupResource: '**',
        labelSelector: {
          matchExpressions: [
            { key: 'tier', operator: 'NotIn', values: ['front'] },
          ],
        },
      },
      false,
    ],
    [
      'a passing match',
      {
        groupResource: '**',
        matches: [{ path: '/spec/replicas', value: '3' }],
      },
      true,
    ],
    [
      'a failing match',
      {
        groupResource: '**',
        matches: [{ path: '/spec/replicas', value: '2' }],
      },
      false,
    ],
    [
      'a match on a missing path',
      { groupResource: '**', matches: [{ path: '/status/x', value: '2' }] },
      false,
    ],
  ])('%s: patched %s', (_, conditions, patched) => {
    const { object, errors } = apply(
      modifiers({ conditions, patches: replicas('1') }),
    );
    expect(errors).toEqual([]);
    expect(object.spec.replicas).toBe(patched ? 1 : 3);
  });

  it('ignores namespaces for cluster-scoped objects', () => {
    const pv = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: {},
    };
    const { object } = apply(
      modifiers({
        conditions: {
          groupResource: 'persistentvolumes',
          namespaces: ['shop'],
        },
        mergePatches: [
          { patchData: 'spec: {persistentVolumeReclaimPolicy: Delete}' },
        ],
      }),
      pv,
      'persistentvolumes',
    );
    expect(object.spec.persistentVolumeReclaimPolicy).toBe('Delete');
  });

  it('reports conditions it cannot evaluate and leaves the object alone', () => {
    const { object, errors } = apply(
      modifiers(
        { conditions: { groupResource: '[apps' }, patches: replicas('1') },
        {
          conditions: { groupResource: '**', resourceNameRegex: '(' },
          patches: replicas('1'),
        },
        {
          conditions: { groupResource: '**', matches: [{ value: 'x' }] },
          patches: replicas('1'),
        },
      ),
    );
    expect(object.spec.replicas).toBe(3);
    expect(errors).toEqual([
      expect.stringContaining('glob "[apps"'),
      expect.stringMatching(/^error in matching regex error parsing regexp: /),
      'path is required for match rule',
    ]);
  });
});

describe('applyResourceModifiers: patches', () => {
  it('leaves the object unchanged when a test fails, without an error', () => {
    const { object, errors } = apply(
      modifiers({
        conditions: { groupResource: 'deployments.apps' },
        patches: [
          { operation: 'test', path: '/spec/replicas', value: '2' },
          ...replicas('1')!,
        ],
      }),
    );
    expect(errors).toEqual([]);
    expect(object).toEqual(deployment);
  });

  it('reports any other failure under Velero’s wording', () => {
    const { object, errors } = apply(
      modifiers({
        conditions: { groupResource: 'deployments.apps' },
        patches: [
          { operation: 'replace', path: '/spec/paused', value: 'true' },
        ],
      }),
    );
    expect(object).toEqual(deployment);
    expect(errors).toEqual([
      'error in applying patch error in applying JSON Patch replace operation does not apply: doc is missing key: /spec/paused: missing value',
    ]);
  });

  it('replaces an env value after testing it', () => {
    const { object } = apply(
      modifiers({
        conditions: { groupResource: 'deployments.apps', namespaces: ['shop'] },
        patches: [
          {
            operation: 'test',
            path: '/spec/template/spec/containers/0/env/0/value',
            value: 'db.shop',
          },
          {
            operation: 'replace',
            path: '/spec/template/spec/containers/0/env/0/value',
            value: 'db.sandbox',
          },
        ],
      }),
    );
    expect(object.spec.template.spec.containers[0].env[0].value).toBe(
      'db.sandbox',
    );
  });

  it('merges YAML or JSON merge patches in turn, null deleting', () => {
    const { object } = apply(
      modifiers({
        conditions: { groupResource: 'deployments.apps' },
        mergePatches: [
          { patchData: '{"spec": {"paused": true}}' },
          { patchData: 'metadata:\n  labels:\n    tier: null\n    x: "1"' },
        ],
      }),
    );
    expect(object.spec.paused).toBe(true);
    expect(object.metadata.labels).toEqual({ x: '1' });
  });

  it('merges strategic patches by the containers’ and env’s merge keys', () => {
    const { object } = apply(
      modifiers({
        conditions: { groupResource: 'deployments.apps' },
        strategicPatches: [
          {
            patchData:
              'spec:\n  template:\n    spec:\n      containers:\n      - name: web\n        env:\n        - name: MODE\n          value: sandbox',
          },
        ],
      }),
    );
    expect(object.spec.template.spec.containers).toEqual([
      {
        name: 'web',
        image: 'web:1',
        env: [
          { name: 'DB', value: 'db.shop' },
          { name: 'MODE', value: 'sandbox' },
        ],
      },
    ]);
  });

  it('refuses a strategic patch on a custom resource, as Velero’s scheme does', () => {
    const widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'shop' },
    };
    const { errors } = apply(
      modifiers({
        conditions: { groupResource: 'widgets.example.com' },
        strategicPatches: [{ patchData: '{}' }],
      }),
      widget,
      'widgets.example.com',
      false,
    );
    expect(errors).toEqual([
      'error in applying patch no kind "Widget" is registered for version "example.com/v1" in scheme',
    ]);
  });

  it('matches every rule against the object as it was, when there are several', () => {
    const { object } = apply(
      modifiers(
        {
          conditions: { groupResource: 'deployments.apps' },
          patches: replicas('1'),
        },
        {
          conditions: {
            groupResource: 'deployments.apps',
            matches: [{ path: '/spec/replicas', value: '3' }],
          },
          mergePatches: [{ patchData: '{"spec": {"paused": true}}' }],
        },
      ),
    );
    expect(object.spec).toMatchObject({ replicas: 1, paused: true });
  });
});
