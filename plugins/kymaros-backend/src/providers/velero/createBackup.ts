import { InputError } from '@backstage/errors';

/** Every Backup the engine creates has a name starting with this; the write guard allows no other. */
export const BACKUP_NAME_PREFIX = 'kymaros-';

/**
 * Template fields that decide where and how a backup is taken, not what
 * it holds: copied from the schedule so an on-demand backup lands in the
 * same storage with the same retention and volume handling
 * (vmware-tanzu/velero@main pkg/apis/velero/v1/backup_types.go, BackupSpec).
 * Namespace selection is the test's own; hooks and resource filters stay
 * with the schedule (a backup of the namespaces now must not run commands
 * in pods or leave kinds out because a schedule does).
 */
const COPIED_SETTINGS = [
  'storageLocation',
  'volumeSnapshotLocations',
  'ttl',
  'snapshotVolumes',
  'snapshotMoveData',
  'datamover',
  'defaultVolumesToFsBackup',
  'csiSnapshotTimeout',
  'itemOperationTimeout',
  'uploaderConfig',
] as const;

/** Kubernetes object names: lowercase RFC 1123 subdomain, at most 253 characters. */
const objectName = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** Namespace names: RFC 1123 label, at most 63 characters. */
const namespaceName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Refuses a name the engine would never record or the guard would refuse, naming it. */
export function assertBackupName(name: string): void {
  if (!name.startsWith(BACKUP_NAME_PREFIX))
    throw new InputError(
      `Backup name "${name}" must start with "${BACKUP_NAME_PREFIX}"`,
    );
  if (name.length > 253 || !objectName.test(name))
    throw new InputError(
      `Backup name "${name}" is not a valid Kubernetes object name`,
    );
}

/**
 * The spec of a Backup of exactly `namespaces`, with the settings of a
 * schedule's template when one is given.
 */
export function onDemandBackupSpec(
  namespaces: string[],
  template: Record<string, unknown> = {},
): Record<string, unknown> {
  if (namespaces.length === 0)
    throw new InputError('A backup needs at least one namespace');
  const invalid = namespaces.find(
    ns => ns.length > 63 || !namespaceName.test(ns),
  );
  if (invalid !== undefined)
    throw new InputError(`"${invalid}" is not a namespace name`);
  const settings = Object.fromEntries(
    COPIED_SETTINGS.filter(key => template[key] !== undefined).map(key => [
      key,
      template[key],
    ]),
  );
  return { ...settings, includedNamespaces: [...namespaces] };
}
