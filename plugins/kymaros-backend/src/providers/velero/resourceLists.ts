import type { BackupItem, RestoredItem } from '@kymaros/plugin-kymaros-node';

/** Splits `apps/v1/Deployment` into apiVersion and kind. */
function splitKey(key: string): { apiVersion: string; kind: string } {
  const i = key.lastIndexOf('/');
  return { apiVersion: key.slice(0, i), kind: key.slice(i + 1) };
}

/** Entries are `ns/name` for namespaced objects and `name` for cluster-scoped ones (split on the first `/`). */
function splitItem(entry: string): { namespace?: string; name: string } {
  const i = entry.indexOf('/');
  return i < 0
    ? { name: entry }
    : { namespace: entry.slice(0, i), name: entry.slice(i + 1) };
}

/** Velero's `BackupResourceList`: `{"apps/v1/Deployment": ["shop/web"], ...}`. */
export function parseResourceList(
  list: Record<string, string[]>,
): BackupItem[] {
  return Object.entries(list ?? {}).flatMap(([key, entries]) => {
    const { apiVersion, kind } = splitKey(key);
    return (entries ?? []).map(e => ({ apiVersion, kind, ...splitItem(e) }));
  });
}

/** Velero's `RestoreResourceList`: entries `ns/name(created|updated|skipped|failed)`, namespaces after mapping. */
export function parseRestoredList(
  list: Record<string, string[]>,
): RestoredItem[] {
  return Object.entries(list ?? {}).flatMap(([key, entries]) => {
    const { apiVersion, kind } = splitKey(key);
    return (entries ?? []).flatMap(e => {
      const m = e.match(/^(.*)\((created|updated|skipped|failed)\)$/);
      if (!m) return [];
      return [
        {
          apiVersion,
          kind,
          ...splitItem(m[1]),
          outcome: m[2] as RestoredItem['outcome'],
        },
      ];
    });
  });
}

function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}

/** Whether a backup spec's namespace filters include every one of the namespaces (globs as Velero 1.18 reads them). */
export function coversNamespaces(
  spec: { includedNamespaces?: string[]; excludedNamespaces?: string[] },
  namespaces: string[],
): boolean {
  const included = spec.includedNamespaces ?? [];
  const excluded = spec.excludedNamespaces ?? [];
  return namespaces.every(ns => {
    if (excluded.some(p => globMatch(p, ns))) return false;
    return included.length === 0 || included.some(p => globMatch(p, ns));
  });
}
