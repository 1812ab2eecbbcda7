import type { BackupRef } from '@kymaros/plugin-kymaros-node';
import { KubeStashObject, labels } from './kubestashApi';

/**
 * The namespaces a Snapshot holds: its app's namespace, and for a backup
 * of a whole namespace (app kind `Namespace`) that namespace
 * (kubestash/apimachinery@apis/storage/v1alpha1/snapshot_types.go, `spec.appRef`).
 */
export function snapshotNamespaces(snapshot: KubeStashObject): string[] {
  const appRef = snapshot.spec?.appRef ?? {};
  const found = new Set<string>();
  const labelled = snapshot.metadata.labels?.[labels.appRefNamespace];
  if (labelled) found.add(labelled);
  if (appRef.namespace) found.add(appRef.namespace);
  if (appRef.kind === 'Namespace' && appRef.name) found.add(appRef.name);
  return [...found].sort();
}

/**
 * A Snapshot of a whole namespace (app kind `Namespace`: what the manifest
 * restore brings back; a database's own Snapshot is restored by its addon,
 * not by Kymaros) that KubeStash finished and whose integrity check, if any,
 * passed.
 */
export function isEligible(snapshot: KubeStashObject): boolean {
  return (
    snapshot.spec?.appRef?.kind === 'Namespace' &&
    snapshot.status?.phase === 'Succeeded' &&
    snapshot.status?.integrity !== false
  );
}

export function coversAll(snapshot: KubeStashObject, namespaces: string[]) {
  const held = snapshotNamespaces(snapshot);
  return namespaces.every(n => held.includes(n));
}

/** Newest first, by when KubeStash took the snapshot. */
export function newestFirst(a: KubeStashObject, b: KubeStashObject): number {
  return String(b.status?.snapshotTime ?? '').localeCompare(
    String(a.status?.snapshotTime ?? ''),
  );
}

/** The Snapshot as the engine sees a backup; its repository is where it is stored. */
export function toBackupRef(snapshot: KubeStashObject): BackupRef {
  const status = snapshot.status ?? {};
  return {
    name: snapshot.metadata.name,
    provider: 'kubestash',
    phase: status.phase ?? '',
    startedAt: status.snapshotTime,
    completedAt: status.lastUpdateTime,
    includedNamespaces: snapshotNamespaces(snapshot),
    ...(status.size ? { size: status.size } : {}),
    partiallyFailed: false,
    storageLocation: `${snapshot.metadata.namespace}/${
      snapshot.spec?.repository ?? ''
    }`,
  };
}
