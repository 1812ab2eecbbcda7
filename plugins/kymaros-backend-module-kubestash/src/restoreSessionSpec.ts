import { InputError } from '@backstage/errors';
import type { RestoreOptions } from '@kymaros/plugin-kymaros-node';
import type { KubeStashObject } from './kubestashApi';

/**
 * The addon and task KubeStash restores dumped manifests with
 * (kubestash/docs@docs/guides/cluster-resources/full-cluster-backup-and-restore/index.md).
 */
export const MANIFEST_ADDON = 'kubedump-addon';
export const MANIFEST_RESTORE_TASK = 'manifest-restore';

/** A group resource as KubeStash's filters take it: plural, optionally `.group`. */
const GROUP_RESOURCE =
  /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
/** A label key or value as Kubernetes allows it: neither can carry the filters' `,` or `:`. */
const LABEL_KEY = /^([a-z0-9.-]+\/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

/**
 * The `manifest-restore` task's parameters for one source namespace
 * (kubestash/docs@docs/guides/cluster-resources/restore-filtering-options/index.md):
 * only that namespace, no cluster-scoped objects, nothing overwritten, the
 * excluded resources and the label selector. Values are comma-separated
 * lists, so a value that could add a list entry is refused.
 */
export function manifestRestoreParams(
  source: string,
  options: Pick<RestoreOptions, 'labelSelector' | 'transforms'>,
): Record<string, string> {
  const edits = options.transforms?.edits ?? [];
  if (edits.length)
    throw new InputError(
      `KubeStash cannot change objects while it restores them, and this restore needs ${
        edits.length
      } edit(s) of ${editedResources(
        edits,
      )} to keep the sandbox from reaching out, and applies none: the engine must not send edits to a provider whose appliesEdits is false`,
    );
  const excluded = options.transforms?.excludedResources ?? [];
  for (const resource of excluded)
    if (!GROUP_RESOURCE.test(resource))
      throw new InputError(
        `Excluded resource "${resource}" is not a group resource KubeStash's ExcludeResources accepts (plural, optionally followed by .group)`,
      );
  const selector = Object.entries(options.labelSelector ?? {});
  for (const [key, value] of selector)
    if (!LABEL_KEY.test(key) || !LABEL_VALUE.test(value))
      throw new InputError(
        `Label selector ${key}=${value} is not a valid label for KubeStash's ANDedLabelSelectors`,
      );
  return {
    IncludeNamespaces: source,
    IncludeClusterResources: 'false',
    OverrideResources: 'false',
    ...(excluded.length ? { ExcludeResources: excluded.join(',') } : {}),
    ...(selector.length
      ? { ANDedLabelSelectors: selector.map(([k, v]) => `${k}:${v}`).join(',') }
      : {}),
  };
}

/** `cronjobs.batch, services in ledger`: what the edits change, each once. */
function editedResources(edits: { resource: string; namespace?: string }[]) {
  const resources = [...new Set(edits.map(e => e.resource))].join(', ');
  const namespaces = [
    ...new Set(edits.flatMap(e => (e.namespace ? [e.namespace] : []))),
  ];
  return namespaces.length
    ? `${resources} in ${namespaces.join(', ')}`
    : resources;
}

/**
 * A RestoreSession spec that restores the Snapshot's manifests that
 * `params` select into `sandbox` (kubestash/apimachinery@apis/core/v1alpha1/restoresession_types.go):
 * `dataSource` names the Snapshot in its repository's namespace, and
 * `manifestOptions.workload.restoreNamespace` is where the manifests are
 * created. Whether kubedump's restore honours that option is not
 * confirmed by KubeStash's published docs.
 */
export function restoreSessionSpec(
  snapshot: KubeStashObject,
  sandbox: string,
  params: Record<string, string>,
) {
  return {
    dataSource: {
      namespace: snapshot.metadata.namespace!,
      repository: snapshot.spec?.repository ?? '',
      snapshot: snapshot.metadata.name,
    },
    addon: {
      name: MANIFEST_ADDON,
      tasks: [{ name: MANIFEST_RESTORE_TASK, params }],
    },
    manifestOptions: { workload: { restoreNamespace: sandbox } },
  };
}

export type RestoreSessionSpec = ReturnType<typeof restoreSessionSpec>;

function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v).sort(([a], [b]) => a.localeCompare(b)),
        )
      : v,
  );
}

/**
 * The first top-level field KubeStash's CRD stored differently from what
 * was sent (structural schemas prune unknown fields silently), or undefined.
 */
export function specDifference(
  sent: RestoreSessionSpec,
  stored: any,
): string | undefined {
  for (const key of Object.keys(sent) as (keyof RestoreSessionSpec)[]) {
    if (sortedJson(sent[key]) !== sortedJson(stored?.[key]))
      return `spec.${key}`;
  }
  return undefined;
}
