import { groupOf, objectKey, subjectOf } from './backupObjectNames';

describe('backupObjectNames', () => {
  it('reads the API group, core included', () => {
    expect(groupOf('apps/v1')).toBe('apps');
    expect(groupOf('v1')).toBe('');
    expect(groupOf('gateway.networking.k8s.io/v1beta1')).toBe(
      'gateway.networking.k8s.io',
    );
  });

  it('names objects as the report does', () => {
    expect(
      subjectOf({ kind: 'Deployment', namespace: 'shop', name: 'web' }),
    ).toBe('Deployment shop/web');
    expect(subjectOf({ kind: 'ClusterRole', name: 'admin' })).toBe(
      'ClusterRole admin',
    );
  });

  it('keys an object by group, not version', () => {
    const item = { kind: 'Ingress', namespace: 'shop', name: 'web' };
    expect(objectKey({ ...item, apiVersion: 'networking.k8s.io/v1' })).toBe(
      objectKey({ ...item, apiVersion: 'networking.k8s.io/v1beta1' }),
    );
  });
});
