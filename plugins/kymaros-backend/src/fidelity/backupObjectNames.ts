import type { BackupItem } from '@kymaros/plugin-kymaros-node';

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** How the report names an object: `Deployment shop/web` (source namespace), `ClusterRole admin`. */
export function subjectOf(
  item: Pick<BackupItem, 'kind' | 'namespace' | 'name'>,
): string {
  return item.namespace
    ? `${item.kind} ${item.namespace}/${item.name}`
    : `${item.kind} ${item.name}`;
}

/** One key per object, for de-duplicating the resource list against the bodies. */
export function objectKey(item: BackupItem): string {
  return [
    groupOf(item.apiVersion),
    item.kind,
    item.namespace ?? '',
    item.name,
  ].join('/');
}
