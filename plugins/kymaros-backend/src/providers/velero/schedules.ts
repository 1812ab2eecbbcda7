import type {
  BackupSchedule,
  ScheduledBackupOutcome,
} from '@kymaros/plugin-kymaros-node';
import type { VeleroObject } from './BackupWatch';
import { coversNamespaces } from './resourceLists';

/**
 * Velero labels every Backup a Schedule creates with the schedule's name
 * (vmware-tanzu/velero@main pkg/apis/velero/v1/labels_annotations.go, ScheduleNameLabel).
 */
export const SCHEDULE_NAME_LABEL = 'velero.io/schedule-name';

/**
 * The TTL a backup gets when its spec sets none: the server's
 * `--default-backup-ttl`, 30 days unless the operator changed it
 * (vmware-tanzu/velero@main pkg/cmd/server/config, defaultBackupTTL).
 */
export const VELERO_DEFAULT_TTL = '720h0m0s';

/** Backup phases that end well, and those that end badly (pkg/apis/velero/v1/backup_types.go). */
const succeeded = new Set(['Completed']);
const failed = new Set(['Failed', 'PartiallyFailed', 'FailedValidation']);

/** When a backup ended: its completion, else its start, else its creation (a backup that failed validation never started). */
function endedAt(backup: VeleroObject): string | undefined {
  return (
    backup.status?.completionTimestamp ??
    backup.status?.startTimestamp ??
    backup.metadata.creationTimestamp
  );
}

/** Why a backup failed, in Velero's words. */
function failureReason(backup: VeleroObject): string {
  const status = backup.status ?? {};
  if (status.failureReason) return String(status.failureReason);
  if (status.validationErrors?.length)
    return `failed validation: ${status.validationErrors.join('; ')}`;
  if (status.phase === 'PartiallyFailed')
    return `partially failed with ${status.errors ?? 'some'} error(s)`;
  return `ended ${status.phase}`;
}

/** The newest of the backups, by when they ended. */
function newest(backups: VeleroObject[]): VeleroObject | undefined {
  return backups
    .filter(b => endedAt(b) !== undefined)
    .sort((a, b) => Date.parse(endedAt(b)!) - Date.parse(endedAt(a)!))[0];
}

function outcome(
  backup: VeleroObject | undefined,
  withReason: boolean,
): ScheduledBackupOutcome | undefined {
  if (!backup) return undefined;
  return {
    backup: backup.metadata.name,
    at: endedAt(backup)!,
    ...(withReason ? { reason: failureReason(backup) } : {}),
  };
}

/** The namespaces among `namespaces` a schedule's template takes (globs and exclusions as Velero reads them). */
export function scheduleNamespaces(
  schedule: VeleroObject,
  namespaces: string[],
): string[] {
  const template = schedule.spec?.template ?? {};
  return namespaces.filter(ns => coversNamespaces(template, [ns]));
}

/** A schedule that failed validation says why in `status.validationErrors`. */
function scheduleProblem(schedule: VeleroObject): string | undefined {
  if (schedule.status?.phase !== 'FailedValidation') return undefined;
  const errors: string[] = schedule.status.validationErrors ?? [];
  return errors.length
    ? `failed validation: ${errors.join('; ')}`
    : 'failed validation';
}

/**
 * Velero's Schedules that take backups of any of `namespaces`, with the
 * last success and failure among the backups labelled with their name.
 */
export function veleroSchedules(
  schedules: VeleroObject[],
  backups: VeleroObject[],
  namespaces: string[],
  veleroNamespace: string,
): BackupSchedule[] {
  return schedules.flatMap(schedule => {
    const covered = scheduleNamespaces(schedule, namespaces);
    if (covered.length === 0) return [];
    const name = schedule.metadata.name;
    const own = backups.filter(
      b => b.metadata.labels?.[SCHEDULE_NAME_LABEL] === name,
    );
    const problem = scheduleProblem(schedule);
    const item: BackupSchedule = {
      provider: 'velero',
      name,
      namespace: veleroNamespace,
      kind: 'Schedule',
      cron: schedule.spec?.schedule || undefined,
      paused: schedule.spec?.paused === true,
      retention: schedule.spec?.template?.ttl
        ? `ttl ${schedule.spec.template.ttl}`
        : `ttl ${VELERO_DEFAULT_TTL} (Velero's default)`,
      namespaces: covered,
      lastSuccess: outcome(
        newest(own.filter(b => succeeded.has(b.status?.phase))),
        false,
      ),
      lastFailure: outcome(
        newest(own.filter(b => failed.has(b.status?.phase))),
        true,
      ),
      ...(problem ? { problem } : {}),
    };
    return [item];
  });
}
