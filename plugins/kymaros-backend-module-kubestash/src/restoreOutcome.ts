import type {
  RestoreOutcome,
  RestoreTerminalPhase,
} from '@kymaros/plugin-kymaros-node';
import type { KubeStashObject } from './kubestashApi';

/**
 * RestoreSession phases (kubestash/apimachinery@apis/core/v1alpha1/restoresession_types.go):
 * `Pending|Running|Succeeded|Failed|Invalid|Unknown`.
 */
type SessionPhase =
  | 'Pending'
  | 'Running'
  | 'Succeeded'
  | 'Failed'
  | 'Invalid'
  | 'Unknown';

function metricsPushed(session: KubeStashObject): boolean {
  return (session.status?.conditions ?? []).some(
    (c: any) => c.type === 'MetricsPushed',
  );
}

/**
 * Whether KubeStash is done with a session. Its phase rules report
 * `Succeeded` and `Unknown` only after the final `MetricsPushed` step
 * (`CalculatePhase` in restoresession_helpers.go); a session is also
 * done once it is `Invalid` or `Failed`, which nothing turns back.
 */
export function isFinished(session: KubeStashObject): boolean {
  const phase = session.status?.phase as SessionPhase | undefined;
  if (phase === 'Failed' || phase === 'Invalid') return true;
  return (
    (phase === 'Succeeded' || phase === 'Unknown') && metricsPushed(session)
  );
}

/** Milliseconds in a Go duration (`1m30.5s`, `250ms`), or undefined. */
export function goDurationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const unit: Record<string, number> = {
    h: 3_600_000,
    m: 60_000,
    s: 1000,
    ms: 1,
    us: 0.001,
    µs: 0.001,
    ns: 0.000001,
  };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/g)];
  if (!parts.length || parts.map(p => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, [, n, u]) => sum + Number(n) * unit[u], 0);
}

/** The engine's phase for the sessions of one restore, one per source namespace. */
export function terminalPhase(phases: string[]): RestoreTerminalPhase {
  if (phases.every(p => p === 'Succeeded')) return 'Completed';
  if (phases.every(p => p === 'Invalid')) return 'FailedValidation';
  if (phases.some(p => p === 'Succeeded')) return 'PartiallyFailed';
  return 'Failed';
}

/** KubeStash's own words for what went wrong: component errors and conditions that failed. */
function sessionMessages(session: KubeStashObject): string[] {
  const where = session.metadata.namespace;
  const status = session.status ?? {};
  const components = Object.entries(status.components ?? {}).flatMap(
    ([name, c]: [string, any]) =>
      c?.error ? [`${where}: component ${name}: ${c.error}`] : [],
  );
  const conditions = (status.conditions ?? [])
    .filter(
      (c: any) =>
        (c.status === 'False' && c.type !== 'RestoreIncomplete') ||
        (c.status === 'True' && c.type === 'RestoreIncomplete'),
    )
    .map(
      (c: any) =>
        `${where}: ${c.type}: ${[c.reason, c.message]
          .filter(Boolean)
          .join(': ')}`,
    );
  const dependencies = (status.dependencies ?? [])
    .filter((d: any) => d.found === false)
    .map(
      (d: any) =>
        `${where}: ${d.kind} ${d.namespace ?? ''}/${d.name} not found`,
    );
  const paused = (status.pausedBackups ?? []).map(
    (b: any) =>
      `${where}: KubeStash left ${b.kind ?? 'backup'} ${b.namespace ?? ''}/${
        b.name
      } paused`,
  );
  return [...components, ...conditions, ...dependencies, ...paused];
}

function componentCount(sessions: KubeStashObject[], phase: string): number {
  return sessions.reduce(
    (n, s) =>
      n +
      Object.values(s.status?.components ?? {}).filter(
        (c: any) => c?.phase === phase,
      ).length,
    0,
  );
}

/**
 * The outcome of finished sessions: the start is the earliest creation
 * (KubeStash records no start time), the end that plus the longest
 * `status.duration`.
 */
export function restoreOutcome(sessions: KubeStashObject[]): RestoreOutcome {
  const phases = sessions.map(s => String(s.status?.phase ?? ''));
  const phase = terminalPhase(phases);
  const starts = sessions
    .map(s => Date.parse(s.metadata.creationTimestamp ?? ''))
    .filter(n => !Number.isNaN(n));
  const start = starts.length ? Math.min(...starts) : undefined;
  const durations = sessions
    .map(s => goDurationMs(s.status?.duration))
    .filter((n): n is number => n !== undefined);
  const never = phase === 'FailedValidation';
  return {
    phase,
    providerPhase: [...new Set(phases)].join(', '),
    ...(start !== undefined && !never
      ? {
          startedAt: new Date(start).toISOString(),
          ...(durations.length
            ? {
                completedAt: new Date(
                  start + Math.max(...durations),
                ).toISOString(),
              }
            : {}),
        }
      : {}),
    errors:
      componentCount(sessions, 'Failed') +
      phases.filter(p => p === 'Invalid').length,
    warnings: componentCount(sessions, 'Unknown'),
    messages: sessions.flatMap(sessionMessages),
  };
}
