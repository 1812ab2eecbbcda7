import type { BackupItem, RestoredItem } from '@kymaros/plugin-kymaros-node';
import { sandboxExclusionOf } from '../fidelity/sandboxExcludedResources';

/** Kinds the provider never brings back as objects, or that the cluster recreates itself. */
const notRestoredKinds = new Set([
  'Pod',
  'ReplicaSet',
  'Endpoints',
  'EndpointSlice',
  'Event',
  'ControllerRevision',
  'PersistentVolume',
  'Namespace',
  'Lease',
]);

/** Objects every namespace gets from the cluster, so they prove nothing about the restore. */
const clusterProvided = new Set([
  'ConfigMap/kube-root-ca.crt',
  'ServiceAccount/default',
]);

/**
 * What a restore of these namespaces must produce: the backup's namespaced
 * objects, minus what the provider never restores (pods and replica sets come
 * back through their controllers, token secrets are regenerated, ...) and
 * the kinds sandboxes leave out.
 */
export function expectedItems(
  backup: BackupItem[],
  sources: string[],
  restored?: RestoredItem[],
): BackupItem[] {
  const skippedByProvider = new Set(
    (restored ?? [])
      .filter(r => r.outcome === 'skipped')
      .map(r => `${r.kind}/${r.name}`),
  );
  return backup.filter(
    i =>
      i.namespace !== undefined &&
      sources.includes(i.namespace) &&
      !notRestoredKinds.has(i.kind) &&
      !clusterProvided.has(`${i.kind}/${i.name}`) &&
      // Left out of every sandbox restore on purpose; the report lists them as not reproduced.
      !sandboxExclusionOf(i) &&
      // Service-account tokens are regenerated, never restored.
      !(i.kind === 'Secret' && /-token-[a-z0-9]{5}$/.test(i.name)) &&
      // Completed Jobs are skipped by the provider on purpose.
      !(i.kind === 'Job' && skippedByProvider.has(`Job/${i.name}`)),
  );
}
