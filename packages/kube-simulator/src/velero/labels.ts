import { createHash } from 'node:crypto';
import type { KubeObject } from '../store/types';
import type { ResourceType } from '../api/resources';
import { groupVersion } from '../api/resources';

/** Label values over 63 characters are cut and suffixed with a hash, as Velero's label package does. */
export function veleroLabelValue(value: string): string {
  if (value.length <= 63) return value;
  const hash = createHash('sha256').update(value).digest('hex').slice(0, 6);
  return `${value.slice(0, 57)}${hash}`;
}

/** `<groupVersion>/<Kind>`, the key of Velero's resource lists. */
export function resourceListKey(
  type: Pick<ResourceType, 'group' | 'version' | 'kind'>,
): string {
  return `${groupVersion(type)}/${type.kind}`;
}

export function itemName(o: KubeObject): string {
  return o.metadata.namespace
    ? `${o.metadata.namespace}/${o.metadata.name}`
    : o.metadata.name;
}

/** Resources Velero never restores (its controller adds them to every restore's exclusions). */
export const nonRestorable = new Set([
  'nodes',
  'events',
  'events.events.k8s.io',
  'backups.velero.io',
  'restores.velero.io',
  'resticrepositories.velero.io',
  'csinodes.storage.k8s.io',
  'volumeattachments.storage.k8s.io',
  'backuprepositories.velero.io',
]);

export function groupResource(
  type: Pick<ResourceType, 'group' | 'plural'>,
): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

/** Velero's include/exclude matching: `*`, plural, or plural.group. */
export function resourceIncluded(
  type: ResourceType,
  included: string[] | undefined,
  excluded: string[] | undefined,
): boolean {
  const names = [type.plural, groupResource(type), type.kind.toLowerCase()];
  if ((excluded ?? []).some(e => names.includes(e))) return false;
  if (!included || included.length === 0 || included.includes('*')) return true;
  return included.some(i => names.includes(i));
}

export function namespaceIncluded(
  ns: string,
  included: string[] | undefined,
  excluded: string[] | undefined,
): boolean {
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
  if ((excluded ?? []).some(e => glob(e).test(ns))) return false;
  if (!included || included.length === 0) return true;
  return included.some(i => glob(i).test(ns));
}
