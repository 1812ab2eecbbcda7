import { backupInventory } from './backupInventory';
import { backupObject } from './__testUtils__/backupObjects';

describe('backupInventory', () => {
  it('joins the resource list and the bodies of restored namespaces and the cluster scope', () => {
    const svc = backupObject('Service', 'shop/web', {
      spec: { type: 'NodePort' },
    });
    const entries = backupInventory(
      ['shop'],
      [
        { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          namespace: 'shop',
          name: 'nightly',
        },
        {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          namespace: 'prod',
          name: 'other',
        },
        {
          apiVersion: 'rbac.authorization.k8s.io/v1',
          kind: 'ClusterRole',
          name: 'admin',
        },
      ],
      { objects: [svc, backupObject('Service', 'prod/x')] },
    );
    expect(entries.map(e => [e.item.kind, e.item.name, !!e.body])).toEqual([
      ['Service', 'web', true],
      ['CronJob', 'nightly', false],
      ['ClusterRole', 'admin', false],
    ]);
    expect(entries[0].resource).toBe('services');
    expect(entries[0].item).not.toHaveProperty('body');
  });

  it('is empty when nothing could be read', () => {
    expect(backupInventory(['shop'], undefined, undefined)).toEqual([]);
  });
});
