import { InputError } from '@backstage/errors';
import { newestFirst, type RestorePointInfo } from './restorePoints';

/**
 * What Kymaros calls one backup of a Kasten application: one restore point
 * per namespace of the test. Named `<namespace>/<restore point>` entries
 * joined by `,`, sorted by namespace, so a name says exactly what is restored.
 */
export interface RestorePointSet {
  name: string;
  points: RestorePointInfo[];
}

export function setName(points: RestorePointInfo[]): string {
  return [...points]
    .sort((a, b) => a.namespace.localeCompare(b.namespace))
    .map(p => `${p.namespace}/${p.name}`)
    .join(',');
}

/** The restore points a set name refers to, by namespace; a malformed name is refused with what was wrong. */
export function parseSetName(
  name: string,
): { namespace: string; name: string }[] {
  const parts = name.split(',');
  const refs = parts.map(part => {
    const [namespace, rp, ...rest] = part.split('/');
    if (!namespace || !rp || rest.length)
      throw new InputError(
        `"${name}" is not a Kasten backup name: expected <namespace>/<restore point>[,<namespace>/<restore point>...], and "${part}" is not`,
      );
    return { namespace, name: rp };
  });
  const namespaces = refs.map(r => r.namespace);
  const twice = namespaces.find((n, i) => namespaces.indexOf(n) !== i);
  if (twice)
    throw new InputError(
      `"${name}" names two restore points of namespace ${twice}`,
    );
  return refs;
}

function newestTime(set: RestorePointInfo[]): RestorePointInfo {
  return [...set].sort(newestFirst)[0];
}

/**
 * Sets of restore points that cover every one of `namespaces`, newest
 * first. Points of one policy run (label `k10.kasten.io/runActionName`) form
 * a set, one copy per namespace (exported or local as preferred: a policy
 * run with export makes both); a point made outside a policy run is a set
 * of its own. Only when no such set covers every namespace are the newest
 * points of each namespace combined, since they were taken at different
 * times.
 */
export function restorePointSets(
  eligible: RestorePointInfo[],
  namespaces: string[],
  preferExported: boolean,
): RestorePointSet[] {
  const groups = new Map<string, RestorePointInfo[]>();
  for (const p of eligible) {
    const key = p.runAction
      ? `run:${p.runAction}`
      : `rp:${p.namespace}/${p.name}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const sets: RestorePointInfo[][] = [];
  for (const group of groups.values()) {
    const chosen = namespaces.map(ns =>
      preferredCopy(
        group.filter(p => p.namespace === ns),
        preferExported,
      ),
    );
    if (chosen.every(Boolean)) sets.push(chosen as RestorePointInfo[]);
  }
  if (sets.length === 0 && namespaces.length > 1) {
    const newest = namespaces.map(ns =>
      preferredCopy(
        eligible.filter(p => p.namespace === ns),
        preferExported,
      ),
    );
    if (newest.every(Boolean)) sets.push(newest as RestorePointInfo[]);
  }
  return sets
    .sort((a, b) => newestFirst(newestTime(a), newestTime(b)))
    .map(points => ({ name: setName(points), points }));
}

/**
 * The copy to restore among points of one namespace: the newest exported
 * one or the newest local one, as preferred, else the newest of the other
 * kind. Exported copies do not depend on the cluster's storage snapshots.
 */
function preferredCopy(
  points: RestorePointInfo[],
  preferExported: boolean,
): RestorePointInfo | undefined {
  const sorted = [...points].sort(newestFirst);
  return (
    sorted.find(p => Boolean(p.exportProfile) === preferExported) ?? sorted[0]
  );
}
