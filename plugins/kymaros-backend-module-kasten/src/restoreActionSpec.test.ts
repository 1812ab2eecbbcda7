import {
  mergePatchOps,
  restoreActionSpec,
  transformOf,
} from './restoreActionSpec';

describe('restoreActionSpec', () => {
  it('maps exclusions to filters and only this namespace’s edits to transforms', () => {
    const spec = restoreActionSpec({ name: 'rp', namespace: 'shop' }, 'sb', {
      excludedResources: ['ingresses.networking.k8s.io', 'secrets'],
      edits: [
        {
          resource: 'cronjobs.batch',
          namespace: 'shop',
          mergePatch: { spec: { suspend: true } },
        },
        {
          resource: 'cronjobs.batch',
          namespace: 'other',
          mergePatch: { spec: { suspend: true } },
        },
        { resource: 'persistentvolumes', mergePatch: { spec: { x: 1 } } },
      ],
    });
    expect(spec).toEqual({
      subject: {
        apiVersion: 'apps.kio.kasten.io/v1alpha1',
        kind: 'RestorePoint',
        name: 'rp',
        namespace: 'shop',
      },
      targetNamespace: 'sb',
      filters: {
        excludeResources: [
          { group: 'networking.k8s.io', resource: 'ingresses' },
          { resource: 'secrets' },
        ],
      },
      transforms: [
        {
          subject: { group: 'batch', resource: 'cronjobs' },
          name: 'kymaros-edit-1',
          json: [{ op: 'add', path: '/spec/suspend', value: true }],
        },
      ],
    });
    expect(
      restoreActionSpec({ name: 'rp', namespace: 'shop' }, 'sb', undefined),
    ).not.toHaveProperty('filters');
  });

  it('turns a merge patch into add operations on its leaves, escaping keys', () => {
    expect(
      mergePatchOps({
        spec: { type: 'ClusterIP', externalIPs: null, ports: [{ port: 80 }] },
        metadata: { annotations: { 'a/b~c': 'x' } },
      }),
    ).toEqual([
      { op: 'add', path: '/spec/type', value: 'ClusterIP' },
      { op: 'add', path: '/spec/externalIPs', value: null },
      { op: 'add', path: '/spec/ports', value: [{ port: 80 }] },
      { op: 'add', path: '/metadata/annotations/a~1b~0c', value: 'x' },
    ]);
  });

  it('puts conditions first as tests and keeps JSON patches as written', () => {
    expect(
      transformOf(
        {
          resource: 'services',
          namespace: 'shop',
          name: 'web',
          when: [{ path: '/spec/type', value: 'LoadBalancer' }],
          jsonPatch: [
            { op: 'replace', path: '/spec/type', value: 'ClusterIP' },
          ],
        },
        2,
      ),
    ).toEqual({
      subject: { resource: 'services', name: 'web' },
      name: 'kymaros-edit-3',
      json: [
        { op: 'test', path: '/spec/type', value: 'LoadBalancer' },
        { op: 'replace', path: '/spec/type', value: 'ClusterIP' },
      ],
    });
    expect(() => transformOf({ resource: '.apps', mergePatch: {} }, 0)).toThrow(
      /"\.apps" is not a resource name/,
    );
  });
});
