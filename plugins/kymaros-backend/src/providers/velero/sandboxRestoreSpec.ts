import type { RestoreOptions } from '@kymaros/plugin-kymaros-node';
import { sandboxExcludedResourceNames } from '../../fidelity/sandboxExcludedResources';

/**
 * Kinds a sandbox restore never brings back, even when the engine sends no
 * transforms: the one list the planner also uses.
 */
export const excludedFromSandboxRestores = sandboxExcludedResourceNames;

/** The Restore spec fields Kymaros sets and checks after the create. */
export interface SandboxRestoreSpec {
  backupName: string;
  includedNamespaces: string[];
  namespaceMapping: Record<string, string>;
  excludedResources: string[];
  restorePVs: true;
  existingResourcePolicy: 'none';
  labelSelector?: { matchLabels: Record<string, string> };
  resourceModifier?: { kind: 'ConfigMap'; name: string };
}

/**
 * The spec of a sandbox Restore: exactly the mapped namespaces (Velero
 * restores unmapped included namespaces in place), the kinds always left
 * out plus the transforms' own, and the resource modifiers ConfigMap when
 * there are edits.
 */
export function sandboxRestoreSpec(
  backupName: string,
  namespaceMapping: Record<string, string>,
  options: Pick<RestoreOptions, 'labelSelector' | 'transforms'>,
  modifiers?: string,
): SandboxRestoreSpec {
  return {
    backupName,
    includedNamespaces: Object.keys(namespaceMapping),
    namespaceMapping,
    excludedResources: [
      ...new Set([
        ...excludedFromSandboxRestores,
        ...(options.transforms?.excludedResources ?? []),
      ]),
    ],
    restorePVs: true,
    existingResourcePolicy: 'none',
    ...(options.labelSelector
      ? { labelSelector: { matchLabels: options.labelSelector } }
      : {}),
    ...(modifiers
      ? { resourceModifier: { kind: 'ConfigMap', name: modifiers } }
      : {}),
  };
}

/** Equal as sets: the API server may return a custom resource's lists in another order. */
function sameSet(a: readonly string[] = [], b: readonly string[] = []) {
  const x = new Set(a);
  return x.size === new Set(b).size && b.every(v => x.has(v));
}

/** Equal as maps: the API server returns a custom resource's map keys sorted, not in the order sent. */
function sameMapping(
  a: Record<string, string> = {},
  b: Record<string, string> = {},
): boolean {
  const entries = (m: Record<string, string>) =>
    JSON.stringify(Object.entries(m).sort(([x], [y]) => x.localeCompare(y)));
  return entries(a) === entries(b);
}

/**
 * What of the sent spec did not survive in the stored Restore (Velero's
 * CRDs prune unknown fields silently), or undefined when all did.
 */
export function specDifference(
  sent: SandboxRestoreSpec,
  stored: Record<string, any> | undefined,
): string | undefined {
  const s = stored ?? {};
  if (!sameMapping(s.namespaceMapping, sent.namespaceMapping))
    return `mapping ${JSON.stringify(s.namespaceMapping ?? {})}`;
  if (!sameSet(s.includedNamespaces, sent.includedNamespaces))
    return `included namespaces ${JSON.stringify(s.includedNamespaces ?? [])}`;
  // Velero appends the kinds it never restores when it picks the restore up.
  const excluded = new Set<string>(s.excludedResources ?? []);
  const dropped = sent.excludedResources.filter(r => !excluded.has(r));
  if (dropped.length) return `excluded resources without ${dropped.join(', ')}`;
  const modifier = s.resourceModifier;
  if (
    sent.resourceModifier?.name !== modifier?.name ||
    (sent.resourceModifier && modifier?.kind !== 'ConfigMap')
  )
    return `resource modifier ${JSON.stringify(modifier ?? null)}`;
  return undefined;
}
