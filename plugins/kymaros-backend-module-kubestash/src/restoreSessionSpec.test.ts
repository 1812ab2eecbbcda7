import {
  manifestRestoreParams,
  restoreSessionSpec,
  specDifference,
} from './restoreSessionSpec';

const snapshot = {
  metadata: { name: 'repo-ledger-1', namespace: 'backups' },
  spec: { repository: 'repo' },
};

describe('manifestRestoreParams', () => {
  it('restores only the source namespace, leaving out the excluded resources and matching the selector', () => {
    expect(
      manifestRestoreParams('ledger', {
        labelSelector: { app: 'ledger', 'example.com/tier': 'web' },
        transforms: {
          excludedResources: ['ingresses.networking.k8s.io', 'secrets'],
          edits: [],
        },
      }),
    ).toEqual({
      IncludeNamespaces: 'ledger',
      IncludeClusterResources: 'false',
      OverrideResources: 'false',
      ExcludeResources: 'ingresses.networking.k8s.io,secrets',
      ANDedLabelSelectors: 'app:ledger,example.com/tier:web',
    });
  });

  it('refuses edits, naming what needed one', () => {
    expect(() =>
      manifestRestoreParams('ledger', {
        transforms: {
          excludedResources: [],
          edits: [
            {
              resource: 'services',
              namespace: 'ledger',
              name: 'api',
              mergePatch: {},
            },
          ],
        },
      }),
    ).toThrow(
      /cannot change objects.*1 edit\(s\) of services in ledger to keep the sandbox/,
    );
  });

  it.each([
    'secrets,configmaps',
    '*',
    'Deployments',
    'pods.metrics.k8s.io,nodes',
    '',
  ])(
    'refuses the excluded resource %j, which could widen the filter',
    resource => {
      expect(() =>
        manifestRestoreParams('ledger', {
          transforms: { excludedResources: [resource], edits: [] },
        }),
      ).toThrow(`Excluded resource "${resource}"`);
    },
  );

  it.each([
    ['app', 'a,b'],
    ['app:x', 'y'],
    ['app', 'x:y'],
  ])(
    'refuses the label %s=%s, which would add another selector',
    (key, value) => {
      expect(() =>
        manifestRestoreParams('ledger', { labelSelector: { [key]: value } }),
      ).toThrow(`Label selector ${key}=${value}`);
    },
  );
});

describe('restoreSessionSpec', () => {
  const spec = restoreSessionSpec(snapshot, 'kymaros-x-ledger', {
    IncludeNamespaces: 'ledger',
  });

  it('names the Snapshot in its repository namespace and restores into the sandbox', () => {
    expect(spec.dataSource).toEqual({
      namespace: 'backups',
      repository: 'repo',
      snapshot: 'repo-ledger-1',
    });
    expect(spec.manifestOptions.workload.restoreNamespace).toBe(
      'kymaros-x-ledger',
    );
    expect(spec.addon.name).toBe('kubedump-addon');
  });

  it('finds a field the server pruned or changed', () => {
    expect(
      specDifference(spec, JSON.parse(JSON.stringify(spec))),
    ).toBeUndefined();
    const { manifestOptions, ...pruned } = spec;
    expect(specDifference(spec, pruned)).toBe('spec.manifestOptions');
    expect(
      specDifference(spec, {
        ...spec,
        dataSource: { ...spec.dataSource, snapshot: 'latest' },
      }),
    ).toBe('spec.dataSource');
  });
});
