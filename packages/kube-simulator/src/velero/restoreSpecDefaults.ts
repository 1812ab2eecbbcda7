import type { KubeObject } from '../store/types';
import { nonRestorable } from './labels';

/** Velero's server default for `--default-item-operation-timeout`, as a Go duration. */
const defaultItemOperationTimeout = '4h0m0s';

/**
 * The spec Velero's restore controller writes back when it takes a Restore
 * (whether or not it passes validation): the non-restorable resources
 * appended to `excludedResources`, the default item-operation timeout, and,
 * once the backup is known, the schedule it came from. Clients that read the
 * Restore back see these, not only what they sent.
 */
export function completedRestoreSpec(
  spec: Record<string, any> | undefined,
  backup?: KubeObject,
): Record<string, any> {
  const excluded: string[] = [...(spec?.excludedResources ?? [])];
  for (const resource of nonRestorable)
    if (!excluded.includes(resource)) excluded.push(resource);
  const schedule = backup?.metadata.labels?.['velero.io/schedule-name'];
  return {
    ...spec,
    excludedResources: excluded,
    itemOperationTimeout:
      spec?.itemOperationTimeout || defaultItemOperationTimeout,
    ...(backup && !spec?.scheduleName && schedule
      ? { scheduleName: schedule }
      : {}),
  };
}
