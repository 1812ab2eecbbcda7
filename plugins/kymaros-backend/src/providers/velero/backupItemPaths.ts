/**
 * Where Velero's backup tarball keeps one object
 * (pkg/archive/filesystem.go): `resources/<resource>[.<group>]/` then, for
 * format 1.1, optionally a `<version>-preferredversion/` or `<version>/`
 * directory, then `namespaces/<ns>/<name>.json` or `cluster/<name>.json`.
 * The unversioned and the preferred-version trees hold the same objects.
 */
export interface BackupItemPath {
  resource: string;
  namespace?: string;
  name: string;
  tree: 'unversioned' | 'preferred-version';
}

/**
 * The object a tarball path names, when it is in the unversioned or the
 * preferred-version tree; undefined for any other path (metadata, other
 * API versions of a resource).
 */
export function parseBackupItemPath(path: string): BackupItemPath | undefined {
  const [top, resource, ...rest] = path.split('/');
  if (top !== 'resources' || !resource) return undefined;
  let tree: BackupItemPath['tree'] = 'unversioned';
  if (rest[0]?.endsWith('-preferredversion')) {
    tree = 'preferred-version';
    rest.shift();
  }
  const file = rest[rest.length - 1] ?? '';
  if (!file.endsWith('.json') || file === '.json') return undefined;
  const name = file.slice(0, -'.json'.length);
  if (rest.length === 3 && rest[0] === 'namespaces' && rest[1])
    return { resource, namespace: rest[1], name, tree };
  if (rest.length === 2 && rest[0] === 'cluster')
    return { resource, name, tree };
  return undefined;
}
