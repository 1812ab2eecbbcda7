import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import type {
  Completeness,
  CompletenessDetail,
} from '@kymaros/plugin-kymaros-common';

/** Report keys for the built-in kinds; every other kind counts as a custom resource. */
const reportKeys: Record<string, keyof Completeness> = {
  Deployment: 'deployments',
  StatefulSet: 'statefulSets',
  Service: 'services',
  Secret: 'secrets',
  ConfigMap: 'configMaps',
  PersistentVolumeClaim: 'pvcs',
};

const completenessKeys: (keyof Completeness)[] = [
  'deployments',
  'statefulSets',
  'services',
  'secrets',
  'configMaps',
  'pvcs',
  'customResources',
];

/** The summary of a run that never got to compare anything: every kind `0/0`. */
export function emptyCompleteness(): Completeness {
  return Object.fromEntries(
    completenessKeys.map(k => [k, '0/0']),
  ) as unknown as Completeness;
}

const builtInGroups = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'rbac.authorization.k8s.io/v1',
  'policy/v1',
  'autoscaling/v2',
  'autoscaling/v1',
  'storage.k8s.io/v1',
  'discovery.k8s.io/v1',
]);

export function isCustomResource(apiVersion: string): boolean {
  return !builtInGroups.has(apiVersion);
}

export interface CompletenessResult {
  summary: Completeness;
  detail: CompletenessDetail[];
  expected: number;
  found: number;
}

/**
 * Compares, per kind and by name, what the backup holds with what the
 * sandbox now has. Counting by name per kind means an extra object of one kind
 * can never hide a missing object of another.
 */
export function compareCompleteness(
  expected: BackupItem[],
  present: Set<string>,
  sandboxOf: (source: string) => string,
): CompletenessResult {
  const groups = new Map<
    string,
    { kind: string; namespace: string; names: string[]; missing: string[] }
  >();
  for (const item of expected) {
    const key = `${item.namespace}|${item.kind}`;
    const g = groups.get(key) ?? {
      kind: item.kind,
      namespace: item.namespace!,
      names: [],
      missing: [],
    };
    g.names.push(item.name);
    if (
      !present.has(
        presenceKey(
          item.apiVersion,
          item.kind,
          sandboxOf(item.namespace!),
          item.name,
        ),
      )
    )
      g.missing.push(item.name);
    groups.set(key, g);
  }
  const totals = Object.fromEntries(
    completenessKeys.map(k => [k, [0, 0]]),
  ) as Record<keyof Completeness, [number, number]>;
  const detail: CompletenessDetail[] = [];
  for (const g of groups.values()) {
    const apiVersion =
      expected.find(i => i.kind === g.kind)?.apiVersion ?? 'v1';
    const key =
      reportKeys[g.kind] ??
      (isCustomResource(apiVersion) ? 'customResources' : undefined);
    const actual = g.names.length - g.missing.length;
    if (key) {
      totals[key][0] += actual;
      totals[key][1] += g.names.length;
    }
    detail.push({
      kind: g.kind,
      namespace: g.namespace,
      expected: g.names.length,
      actual,
      missing: g.missing.sort(),
    });
  }
  const summary = Object.fromEntries(
    Object.entries(totals).map(([k, [a, e]]) => [k, `${a}/${e}`]),
  ) as unknown as Completeness;
  return {
    summary,
    detail: detail.sort((a, b) =>
      `${a.namespace}/${a.kind}`.localeCompare(`${b.namespace}/${b.kind}`),
    ),
    expected: expected.length,
    found: detail.reduce((n, d) => n + d.actual, 0),
  };
}

export function presenceKey(
  apiVersion: string,
  kind: string,
  namespace: string,
  name: string,
): string {
  return `${apiVersion}|${kind}|${namespace}|${name}`;
}
