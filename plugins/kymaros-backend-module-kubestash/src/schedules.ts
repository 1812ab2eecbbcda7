import type {
  BackupSchedule,
  ScheduledBackupOutcome,
} from '@kymaros/plugin-kymaros-node';
import type { KubeStashObject } from './kubestashApi';

/**
 * The namespaces a BackupConfiguration backs up: its target's
 * (`spec.target`, a Namespace or a namespaced app), or for a cluster
 * manifest backup without a target, the `IncludeNamespaces` of its
 * `manifest-backup` tasks (kubestash/docs@docs/guides/cluster-resources/backup-filtering-options).
 */
export function configurationNamespaces(config: KubeStashObject): string[] {
  const target = config.spec?.target;
  if (target?.kind === 'Namespace' && target.name) return [target.name];
  if (target?.namespace) return [target.namespace];
  if (target) return [];
  return (config.spec?.sessions ?? [])
    .flatMap((s: any) => s.addon?.tasks ?? [])
    .flatMap((t: any) => String(t.params?.IncludeNamespaces ?? '').split(','))
    .map((n: string) => n.trim())
    .filter((n: string) => n && n !== '*');
}

/** `keep last 7`, `keep 24 hourly, 7 daily`, `at most 30d`, in the RetentionPolicy's own terms. */
export function describeRetention(policy: KubeStashObject): string | undefined {
  const spec = policy.spec ?? {};
  const keep = spec.successfulSnapshots ?? {};
  const counts = ['last', 'hourly', 'daily', 'weekly', 'monthly', 'yearly']
    .filter(k => typeof keep[k] === 'number')
    .map(k => (k === 'last' ? `last ${keep[k]}` : `${keep[k]} ${k}`));
  const parts = [
    ...(counts.length ? [`keep ${counts.join(', ')}`] : []),
    ...(spec.maxRetentionPeriod ? [`at most ${spec.maxRetentionPeriod}`] : []),
  ];
  return parts.length ? parts.join('; ') : undefined;
}

function finishedAt(session: KubeStashObject): string {
  const times = (session.status?.conditions ?? [])
    .map((c: any) => c.lastTransitionTime)
    .filter(Boolean)
    .sort();
  return times[times.length - 1] ?? session.metadata.creationTimestamp ?? '';
}

function failureReason(session: KubeStashObject): string | undefined {
  const failed = (session.status?.conditions ?? []).find(
    (c: any) => c.status === 'False' && c.message,
  );
  return failed?.message;
}

/** The newest BackupSession of a phase, as the portal shows a last outcome. */
export function lastOutcome(
  sessions: KubeStashObject[],
  phase: 'Succeeded' | 'Failed',
): ScheduledBackupOutcome | undefined {
  const newest = sessions
    .filter(s => s.status?.phase === phase)
    .map(s => ({ s, at: finishedAt(s) }))
    .sort((a, b) => b.at.localeCompare(a.at))[0];
  if (!newest) return undefined;
  const reason = phase === 'Failed' ? failureReason(newest.s) : undefined;
  return {
    backup: newest.s.metadata.name,
    at: newest.at,
    ...(reason ? { reason } : {}),
  };
}

/** A BackupConfiguration as a schedule: its sessions' cron, pause and problem. */
export function toSchedule(
  config: KubeStashObject,
  covered: string[],
  retention: string | undefined,
  sessions: KubeStashObject[],
): BackupSchedule {
  const schedulers = (config.spec?.sessions ?? [])
    .map((s: any) => s.scheduler)
    .filter(Boolean);
  const crons = schedulers.map((s: any) => s.schedule).filter(Boolean);
  const problem =
    config.status?.phase === 'Invalid'
      ? (config.status?.conditions ?? [])
          .filter((c: any) => c.status === 'False')
          .map((c: any) => c.message ?? c.reason)
          .join('; ') || 'KubeStash marked the BackupConfiguration Invalid'
      : undefined;
  const lastSuccess = lastOutcome(sessions, 'Succeeded');
  const lastFailure = lastOutcome(sessions, 'Failed');
  return {
    provider: 'kubestash',
    name: config.metadata.name,
    namespace: config.metadata.namespace ?? '',
    kind: 'BackupConfiguration',
    ...(crons.length ? { cron: crons.join('; ') } : {}),
    paused:
      config.spec?.paused === true ||
      (schedulers.length > 0 &&
        schedulers.every((s: any) => s.suspend === true)),
    ...(retention ? { retention } : {}),
    namespaces: covered,
    ...(lastSuccess ? { lastSuccess } : {}),
    ...(lastFailure ? { lastFailure } : {}),
    ...(problem ? { problem } : {}),
  };
}
