import type { BackupItem, BackupManifests } from '@kymaros/plugin-kymaros-node';
import { objectKey } from './backupObjectNames';

/** An object the restore brings (or leaves out), with its body when it was read. */
export interface InventoryEntry {
  item: BackupItem;
  body?: Record<string, any>;
  /** The provider's `<plural>[.<group>]`, known with the body. */
  resource?: string;
}

/**
 * What the restore covers: the objects of the restored namespaces and the
 * cluster-scoped ones, from the resource list and the bodies together (a
 * body wins; a truncated read leaves the rest to the list).
 */
export function backupInventory(
  namespaces: string[],
  items: BackupItem[] | undefined,
  manifests: BackupManifests | undefined,
): InventoryEntry[] {
  const inScope = (i: BackupItem) =>
    i.namespace === undefined || namespaces.includes(i.namespace);
  const entries = new Map<string, InventoryEntry>();
  for (const item of (items ?? []).filter(inScope))
    entries.set(objectKey(item), { item });
  for (const object of (manifests?.objects ?? []).filter(inScope)) {
    const { body, resource, ...item } = object;
    entries.set(objectKey(item), { item, body, resource });
  }
  return [...entries.values()];
}
