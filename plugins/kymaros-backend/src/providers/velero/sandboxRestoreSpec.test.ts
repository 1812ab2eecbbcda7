import {
  excludedFromSandboxRestores,
  sandboxRestoreSpec,
  specDifference,
} from './sandboxRestoreSpec';

const spec = sandboxRestoreSpec(
  'b1',
  { shop: 'sb-shop', 'shop-db': 'sb-shop-db' },
  {
    transforms: {
      excludedResources: [
        'ingresses.networking.k8s.io',
        'widgets.e2e.kymaros.io',
      ],
      edits: [],
    },
  },
  'kymaros-r1',
);

describe('sandboxRestoreSpec', () => {
  it('restores exactly the mapped namespaces, leaving out the always-excluded kinds and the asked ones once', () => {
    expect(spec).toEqual({
      backupName: 'b1',
      includedNamespaces: ['shop', 'shop-db'],
      namespaceMapping: { shop: 'sb-shop', 'shop-db': 'sb-shop-db' },
      excludedResources: [
        ...excludedFromSandboxRestores,
        'widgets.e2e.kymaros.io',
      ],
      restorePVs: true,
      existingResourcePolicy: 'none',
      resourceModifier: { kind: 'ConfigMap', name: 'kymaros-r1' },
    });
  });

  it('accepts the spec as stored and completed (keys sorted, lists reordered, Velero exclusions added)', () => {
    expect(
      specDifference(spec, {
        ...spec,
        namespaceMapping: { 'shop-db': 'sb-shop-db', shop: 'sb-shop' },
        // Velero adds the kinds it never restores.
        excludedResources: [
          ...spec.excludedResources,
          'nodes',
          'events',
        ].reverse(),
        resourceModifier: {
          apiGroup: null,
          kind: 'ConfigMap',
          name: 'kymaros-r1',
        },
      }),
    ).toBeUndefined();
  });

  it.each([
    [
      'a pruned resource modifier',
      { resourceModifier: undefined },
      /resource modifier null/,
    ],
    [
      'another ConfigMap',
      { resourceModifier: { kind: 'ConfigMap', name: 'velero-plugin-config' } },
      /resource modifier/,
    ],
    [
      'a dropped exclusion',
      { excludedResources: [...excludedFromSandboxRestores, 'nodes'] },
      /excluded resources without widgets\.e2e\.kymaros\.io$/,
    ],
    ['another mapping', { namespaceMapping: { shop: 'shop' } }, /mapping/],
    [
      'more namespaces',
      { includedNamespaces: ['shop', 'shop-db', 'payments'] },
      /included namespaces/,
    ],
  ])('names %s', (_, stored, difference) => {
    expect(specDifference(spec, { ...spec, ...stored })).toMatch(difference);
  });

  it('names a resource modifier Velero has but was not asked for', () => {
    const plain = sandboxRestoreSpec('b1', { shop: 'sb-shop' }, {});
    expect(
      specDifference(plain, {
        ...plain,
        resourceModifier: { kind: 'ConfigMap', name: 'x' },
      }),
    ).toMatch(/resource modifier/);
    expect(plain.excludedResources).toEqual(excludedFromSandboxRestores);
  });
});
