import { parseBackupItemPath } from './backupItemPaths';

describe('parseBackupItemPath', () => {
  it.each([
    [
      'resources/deployments.apps/namespaces/shop/web.json',
      {
        resource: 'deployments.apps',
        namespace: 'shop',
        name: 'web',
        tree: 'unversioned',
      },
    ],
    [
      'resources/deployments.apps/v1-preferredversion/namespaces/shop/web.json',
      {
        resource: 'deployments.apps',
        namespace: 'shop',
        name: 'web',
        tree: 'preferred-version',
      },
    ],
    [
      'resources/persistentvolumes/cluster/pvc-1.json',
      { resource: 'persistentvolumes', name: 'pvc-1', tree: 'unversioned' },
    ],
    [
      'resources/persistentvolumes/v1-preferredversion/cluster/pvc-1.json',
      {
        resource: 'persistentvolumes',
        name: 'pvc-1',
        tree: 'preferred-version',
      },
    ],
    // A namespace may be called "cluster", an object "namespaces".
    [
      'resources/configmaps/namespaces/cluster/namespaces.json',
      {
        resource: 'configmaps',
        namespace: 'cluster',
        name: 'namespaces',
        tree: 'unversioned',
      },
    ],
    [
      'resources/a.b.json/namespaces/shop/x.y.json',
      {
        resource: 'a.b.json',
        namespace: 'shop',
        name: 'x.y',
        tree: 'unversioned',
      },
    ],
  ])('reads %s', (path, item) => {
    expect(parseBackupItemPath(path)).toEqual(item);
  });

  it.each([
    'metadata/version',
    'resources/deployments.apps/v1beta1/namespaces/shop/web.json',
    'resources/persistentvolumes/v1/cluster/pvc-1.json',
    'resources/configmaps/namespaces/shop/cfg.yaml',
    'resources/configmaps/namespaces/shop/.json',
    'resources/configmaps/namespaces//cfg.json',
    'resources/configmaps/namespaces/shop/sub/cfg.json',
    'resources/configmaps/cfg.json',
    'backup/resources/configmaps/namespaces/shop/cfg.json',
  ])('ignores %s', path => {
    expect(parseBackupItemPath(path)).toBeUndefined();
  });
});
