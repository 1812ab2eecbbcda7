import type { BackupItem, BackupObject } from '@kymaros/plugin-kymaros-node';

/** The Services a backup holds in the namespaces a run restores. */
export interface ServiceDirectory {
  /** Source namespace → sandbox namespace, for every namespace restored. */
  mapping: Record<string, string>;
  /** Service names per source namespace. */
  services: Map<string, Set<string>>;
  /** Headless Services per source namespace: their pods have host names (`db-0.db`). */
  headless: Map<string, Set<string>>;
}

function add(map: Map<string, Set<string>>, namespace: string, name: string) {
  const names = map.get(namespace) ?? new Set<string>();
  names.add(name);
  map.set(namespace, names);
}

/**
 * The restored namespaces' Services, from the resource list and the bodies;
 * a StatefulSet's `serviceName` counts as headless, as Kubernetes requires.
 */
export function serviceDirectory(
  mapping: Record<string, string>,
  items: BackupItem[],
  objects: BackupObject[],
): ServiceDirectory {
  const directory: ServiceDirectory = {
    mapping,
    services: new Map(),
    headless: new Map(),
  };
  const restored = (o: BackupItem) =>
    o.namespace !== undefined && Object.hasOwn(mapping, o.namespace);
  for (const item of [...items, ...objects]) {
    if (item.kind === 'Service' && item.apiVersion === 'v1' && restored(item))
      add(directory.services, item.namespace!, item.name);
  }
  for (const o of objects.filter(restored)) {
    if (o.kind === 'Service' && o.body?.spec?.clusterIP === 'None')
      add(directory.headless, o.namespace!, o.name);
    const governing = o.body?.spec?.serviceName;
    if (o.kind === 'StatefulSet' && typeof governing === 'string') {
      add(directory.services, o.namespace!, governing);
      add(directory.headless, o.namespace!, governing);
    }
  }
  return directory;
}
