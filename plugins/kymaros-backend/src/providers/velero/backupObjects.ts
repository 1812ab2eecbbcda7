import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { BackupItemPath, parseBackupItemPath } from './backupItemPaths';
import type { TarFileVisitor } from './readGzippedTar';

/**
 * Picks from a Velero backup tarball the objects of some source namespaces
 * and the PersistentVolumes their claims are bound to, each once: of a
 * resource, only the tree (unversioned or preferred-version) met first is
 * read, the other holding the same objects again.
 */
export class BackupObjectCollector implements TarFileVisitor {
  readonly objects: BackupObject[] = [];
  private readonly trees = new Map<string, BackupItemPath['tree']>();
  private readonly namespaces: Set<string>;

  constructor(namespaces: string[]) {
    this.namespaces = new Set(namespaces);
  }

  wanted(path: string): boolean {
    const item = parseBackupItemPath(path);
    if (!item) return false;
    const tree = this.trees.get(item.resource) ?? item.tree;
    this.trees.set(item.resource, tree);
    if (tree !== item.tree) return false;
    return item.namespace
      ? this.namespaces.has(item.namespace)
      : item.resource === 'persistentvolumes';
  }

  file(path: string, data: Buffer): void {
    const item = parseBackupItemPath(path)!;
    const body = this.parse(path, data);
    // A volume is kept when its claim is in one of the namespaces.
    if (!item.namespace && !this.namespaces.has(body.spec?.claimRef?.namespace))
      return;
    this.objects.push({
      apiVersion: body.apiVersion,
      kind: body.kind,
      ...(item.namespace ? { namespace: item.namespace } : {}),
      name: item.name,
      resource: item.resource,
      body,
    });
  }

  private parse(path: string, data: Buffer): Record<string, any> {
    let body: any;
    try {
      body = JSON.parse(data.toString('utf8'));
    } catch {
      // Not the parser's message: it quotes the text around the error, which may be a Secret's.
      throw new Error(`${path} is not JSON`);
    }
    if (typeof body?.apiVersion !== 'string' || typeof body?.kind !== 'string')
      throw new Error(
        `${path} is not a Kubernetes object (no apiVersion and kind)`,
      );
    return body;
  }
}
