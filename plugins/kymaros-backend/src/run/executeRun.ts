import * as k8s from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CheckResult,
  LevelResult,
  RestoreReportStatus,
  RestoreTestSpec,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import type {
  BackupItem,
  BackupProvider,
  BackupRef,
  RestoreOutcome,
} from '@kymaros/plugin-kymaros-node';
import { SandboxManager } from '../sandbox/SandboxManager';
import { assertSourcesAreNotSandboxes } from '../sandbox/sourceGuard';
import type { RunObjectRecorder } from '../ownership/RunObjectRecorder';
import {
  cleanupOutcome,
  type CleanupOutcome,
} from '../ownership/cleanupRecorded';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { assertSafeMapping } from '../sandbox/namespaceMappingGuard';
import { expectedItems } from '../completeness/expectedItems';
import {
  compareCompleteness,
  emptyCompleteness,
} from '../completeness/compareCompleteness';
import { listSandboxObjects } from '../completeness/listSandboxObjects';
import { waitForWorkloads } from '../pods/waitForWorkloads';
import {
  detectDependencies,
  dependencyName,
} from '../dependencies/detectDependencies';
import { verifyDependencies } from '../dependencies/verifyDependencies';
import * as levels from '../scoring/levels';
import { formatDuration, tryParseDuration } from '../util/duration';
import { withTimeout, TimeoutError } from './withTimeout';

export interface RunTarget {
  testId: string;
  testName: string;
  entityRef: string;
  spec: RestoreTestSpec;
  cluster: string;
}

export interface RunDependencies {
  kubeConfig: k8s.KubeConfig;
  provider: BackupProvider;
  /** Runs the health checks against the sandboxes. */
  runChecks(
    checks: NonNullable<RestoreTestSpec['healthChecks']>['checks'],
    ctx: {
      kubeConfig: k8s.KubeConfig;
      sandboxes: Record<string, string>;
      labels: Record<string, string>;
      signal: AbortSignal;
    },
  ): Promise<CheckResult[]>;
  /** Reports the step a run is in, for the UI. */
  onStep(step: string): void;
  logger: LoggerService;
  timeoutsMs: {
    sandbox: number;
    restore: number;
    checks: number;
    cleanup: number;
  };
  /** When the reaper may remove the run's sandboxes even if the run looks alive. */
  sandboxExpiresAt: Date;
  /** Namespaces that must never receive a restore. */
  protectedNamespaces: string[];
  /** Records each sandbox and restore object before and after it is created. */
  recorder: RunObjectRecorder;
  /** Whether a namespace is recorded as a sandbox of any run. */
  isRecordedSandbox(name: string): Promise<boolean>;
  /** Deletes what this run recorded (restores first, then sandboxes); bounded by the signal. */
  cleanup(signal: AbortSignal): Promise<CleanupOutcome>;
}

export interface RunResult {
  status: RestoreReportStatus;
  /** The run stopped before every level could be evaluated. */
  incomplete: boolean;
}

/** Errors that are about the backup or its restore, not about the environment: they fail, not error. */
class BackupProblem extends Error {}

/**
 * One run of a RestoreTest: pick the backup, create sandboxes, restore into
 * them, wait for the restore (by watch) and the pods, check completeness,
 * health and dependencies, score — then always remove the provider's restore
 * object and the sandboxes. Every step has a hard time limit; whatever
 * happens, a report status comes back.
 */
export async function executeRun(
  target: RunTarget,
  runId: string,
  deps: RunDependencies,
  signal: AbortSignal,
): Promise<RunResult> {
  const { spec } = target;
  const sources = spec.backupSource.namespaces.map(n => n.name);
  const guard = new WriteGuard(deps.provider.ownedObjects);
  const kc = guardedKubeConfig(deps.kubeConfig, guard);
  const sandboxes = new SandboxManager(kc, guard);
  const labels = sandboxes.labels({ runId, testName: target.testName });
  const phases: { name: string; seconds: number }[] = [];
  const reached: Partial<Record<ValidationLevelKey, LevelResult>> = {};
  const created: Record<string, string> = {};
  const startedAt = new Date();
  let backup: BackupRef | undefined;
  let outcome: RestoreOutcome | undefined;
  let checks: CheckResult[] = [];
  let completenessResult: ReturnType<typeof compareCompleteness> | undefined;
  let restoreStart: Date | undefined;
  let detail: string | undefined;
  let error = false;
  let validationDone: Date | undefined;

  const step = async <T>(
    name: string,
    timeoutMs: number,
    fn: (s: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    deps.onStep(name);
    const t0 = Date.now();
    try {
      return await withTimeout(
        signal,
        timeoutMs,
        `${name} did not finish within ${formatDuration(timeoutMs)}`,
        fn,
      );
    } finally {
      phases.push({ name, seconds: Math.round((Date.now() - t0) / 100) / 10 });
    }
  };

  try {
    backup = await step('backup', deps.timeoutsMs.sandbox, async () => {
      // Before anything else: a sandbox (or a namespace posing as one) is never a source.
      assertSourcesAreNotSandboxes({
        sources,
        liveLabels: await sandboxes.liveLabels(sources),
        recorded: await Promise.all(sources.map(deps.isRecordedSandbox)),
      });
      const name = spec.backupSource.backupName;
      const found =
        name && name !== 'latest'
          ? await deps.provider.getBackup(name)
          : await deps.provider.getLatestBackup(sources);
      if (!found) {
        throw new BackupProblem(
          name && name !== 'latest'
            ? `Backup ${name} was not found by ${deps.provider.name}`
            : `No eligible ${deps.provider.name} backup covers ${
                sources.length > 1
                  ? `all of the namespaces ${sources.join(', ')}`
                  : `namespace ${sources[0]}`
              }: nothing to restore`,
        );
      }
      return found;
    });
    let contents: BackupItem[] | undefined;
    try {
      const read = await step('backup contents', deps.timeoutsMs.sandbox, s =>
        deps.provider.getBackupContents(backup!, s),
      );
      contents = read.items;
      if (read.size) backup = { ...backup, size: read.size };
    } catch (e) {
      deps.logger.warn(
        `Backup contents of ${backup.name} unavailable: ${
          (e as Error).message
        }`,
      );
    }

    const recording = deps.recorder.sandboxes();
    const mapping = await step('sandbox', deps.timeoutsMs.sandbox, () =>
      sandboxes.create(
        {
          runId,
          testName: target.testName,
          testId: target.testId,
          entityRef: target.entityRef,
          sources,
          prefix: spec.sandbox.namespacePrefix,
          isolation: spec.sandbox.networkIsolation,
          quota: spec.sandbox.resourceQuota,
          limits: spec.sandbox.limitRange,
          expiresAt: deps.sandboxExpiresAt,
        },
        {
          ...recording,
          created: async (source, sandbox, uid) => {
            await recording.created(source, sandbox, uid);
            created[source] = sandbox;
          },
        },
      ),
    );

    outcome = await step('restore', deps.timeoutsMs.restore, async s => {
      assertSafeMapping({
        mapping,
        includedNamespaces: Object.keys(mapping),
        sources,
        runSandboxes: created,
        liveLabels: await sandboxes.liveLabels(Object.values(mapping)),
        runId,
        forbidden: deps.protectedNamespaces,
      });
      const name = restoreName(runId);
      await deps.recorder.before('Restore', name, {
        provider: deps.provider.name,
      });
      const handle = await deps.provider.triggerRestore(backup!, mapping, {
        runId,
        name,
        labels,
        labelSelector: spec.backupSource.labelSelector,
      });
      if (handle.uid) await deps.recorder.created('Restore', name, handle.uid);
      deps.onStep('restore: waiting for the provider');
      return deps.provider.waitForRestore(handle, {
        signal: s,
        onProgress: p =>
          deps.onStep(
            `restore: ${p.phase}${
              p.itemsTotal
                ? ` (${p.itemsRestored ?? 0}/${p.itemsTotal} items)`
                : ''
            }`,
          ),
      });
    }).catch(e => {
      if (e instanceof TimeoutError)
        throw new BackupProblem(
          `The restore did not finish within ${formatDuration(
            deps.timeoutsMs.restore,
          )}; the provider may be stuck or queued behind other restores`,
        );
      throw e;
    });
    restoreStart = outcome.startedAt ? new Date(outcome.startedAt) : undefined;
    const itemsFailed =
      (outcome.items ?? []).filter(i => i.outcome === 'failed').length ||
      (outcome.phase === 'PartiallyFailed' ? outcome.errors : 0);
    reached.restoreIntegrity = levels.restoreIntegrity({
      phase: outcome.phase,
      backupName: backup.name,
      provider: deps.provider.name,
      itemsTotal: outcome.items?.length ?? outcome.itemsTotal,
      itemsFailed,
      messages: outcome.messages,
    });
    if (outcome.phase === 'Failed' || outcome.phase === 'FailedValidation') {
      throw new BackupProblem(reached.restoreIntegrity.detail);
    }

    const podTimeout =
      tryParseDuration(spec.podReadyTimeout ?? '2m') ?? 120_000;
    const pods = await step('pods', podTimeout + 30_000, s =>
      waitForWorkloads(kc, Object.values(mapping), podTimeout, s),
    );
    reached.podStartup = levels.podStartup({
      expected: pods.expected,
      ready: pods.ready,
      readyNames: pods.readyPods,
      notReady: pods.notReady,
      missing: pods.missingPods,
      timeoutMs: podTimeout,
      readyAfterMs: pods.allReadyAfterMs,
    });

    if (contents) {
      const expected = expectedItems(contents, sources, outcome.items);
      completenessResult = await step(
        'completeness',
        deps.timeoutsMs.checks,
        async () => {
          const present = await listSandboxObjects(
            kc,
            expected,
            s2 => mapping[s2],
          );
          return compareCompleteness(expected, present, s2 => mapping[s2]);
        },
      );
      const missing = completenessResult.detail.flatMap(d =>
        d.missing.map(n => `${d.namespace}/${d.kind}/${n}`),
      );
      const present = expected
        .map(i => `${i.kind}/${i.name}`)
        .filter(n => !missing.some(m => m.endsWith(`/${n}`)));
      reached.completeness = levels.completeness({
        expected: completenessResult.expected,
        found: completenessResult.found,
        missing,
        present,
      });
    } else {
      reached.completeness = levels.skipped(
        'completeness',
        `The backup's resource list could not be read from ${deps.provider.name}, so completeness was not measured`,
      );
    }

    checks = await step('checks', deps.timeoutsMs.checks, s =>
      deps.runChecks(spec.healthChecks?.checks ?? [], {
        kubeConfig: kc,
        sandboxes: mapping,
        labels,
        signal: s,
      }),
    );
    reached.internalHealth = levels.internalHealth(checks);

    const found = await step(
      'dependencies',
      deps.timeoutsMs.checks,
      async () => {
        const apps = kc.makeApiClient(k8s.AppsV1Api);
        const core = kc.makeApiClient(k8s.CoreV1Api);
        const all = [];
        for (const [source, sandbox] of Object.entries(mapping)) {
          const objects = [
            ...(
              await apps.listNamespacedDeployment({ namespace: sandbox })
            ).items.map(o => ({ ...o, kind: 'Deployment' })),
            ...(
              await apps.listNamespacedStatefulSet({ namespace: sandbox })
            ).items.map(o => ({ ...o, kind: 'StatefulSet' })),
            ...(
              await core.listNamespacedConfigMap({ namespace: sandbox })
            ).items.map(o => ({ ...o, kind: 'ConfigMap' })),
            ...(
              await core.listNamespacedService({ namespace: sandbox })
            ).items.map(o => ({ ...o, kind: 'Service' })),
          ];
          all.push(...detectDependencies(source, objects as any));
        }
        return all;
      },
    );
    // Dependencies are only meaningful for an application that started (seed 003 skips them otherwise).
    if (found.length && reached.podStartup.status === 'fail') {
      reached.crossNamespaceDeps = levels.skipped(
        'crossNamespaceDeps',
        'Skipped: pod startup did not complete',
        [...new Set(found.map(dependencyName))],
      );
    } else {
      const verdicts = await verifyDependencies(kc, found, mapping);
      reached.crossNamespaceDeps = levels.crossNamespaceDeps({
        verdicts: dedupe(
          verdicts.map(v => ({
            name: `${dependencyName(v.dependency)} (${v.dependency.where})`,
            satisfied: v.satisfied,
            reason: v.reason,
          })),
        ),
      });
    }
    validationDone = new Date();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    detail = message;
    // Problems with the backup or its restore are failures of the backup; the rest is an error of the run.
    error = !(e instanceof BackupProblem);
    if (error)
      deps.logger.warn(`Run ${runId} of ${target.testId} stopped: ${message}`);
  } finally {
    deps.onStep('cleanup');
    const t0 = Date.now();
    // Slightly inside the budget, so what is still terminating gets reported by name.
    const cleanupSignal = AbortSignal.timeout(deps.timeoutsMs.cleanup * 0.9);
    // Bounded like every step: a hung API must not keep the run (and its lease) forever.
    const cleaned = await withTimeout(
      new AbortController().signal,
      deps.timeoutsMs.cleanup,
      `cleanup took longer than ${formatDuration(deps.timeoutsMs.cleanup)}`,
      () => deps.cleanup(cleanupSignal),
    ).catch(e => cleanupOutcome([(e as Error).message]));
    const problems = [
      ...cleaned.errors.map(e => `cleanup failed: ${e}`),
      ...(cleaned.left.length
        ? [
            `sandboxes still terminating after cleanup: ${cleaned.left.join(
              ', ',
            )} (the reaper will remove them)`,
          ]
        : []),
    ];
    if (problems.length)
      detail = [...(detail ? [detail] : []), ...problems].join('; ');
    phases.push({
      name: 'cleanup',
      seconds: Math.round((Date.now() - t0) / 100) / 10,
    });
  }

  const completedAt = validationDone ?? new Date();
  const rtoStart = restoreStart ?? startedAt;
  const measuredMs = Math.max(0, completedAt.getTime() - rtoStart.getTime());
  const targetMs = spec.sla?.maxRTO
    ? tryParseDuration(spec.sla.maxRTO)
    : undefined;
  reached.rtoCompliance =
    outcome && !error && validationDone
      ? levels.rtoCompliance(measuredMs, targetMs)
      : levels.skipped(
          'rtoCompliance',
          'Not measured: the run did not get through validation',
          ['sla.maxRTO'],
        );
  const notReached =
    'Not evaluated: the run stopped before this step (see the report detail)';
  const validationLevels = Object.fromEntries(
    VALIDATION_LEVELS.map(l => [
      l.key,
      reached[l.key] ?? levels.skipped(l.key, notReached),
    ]),
  ) as Record<ValidationLevelKey, LevelResult>;
  const { score, result } = levels.totalScore(validationLevels, error);
  const backupAgeMs = backup?.completedAt
    ? Math.max(0, rtoStart.getTime() - Date.parse(backup.completedAt))
    : undefined;
  return {
    incomplete: !validationDone,
    status: {
      score,
      result,
      startedAt: rtoStart.toISOString(),
      completedAt: completedAt.toISOString(),
      rto: {
        measured: formatDuration(measuredMs),
        ...(spec.sla?.maxRTO ? { target: spec.sla.maxRTO } : {}),
        withinSLA:
          !!validationDone &&
          (targetMs === undefined || measuredMs <= targetMs),
        phases,
      },
      backup: {
        name: backup?.name ?? '',
        age: backupAgeMs !== undefined ? formatDuration(backupAgeMs) : '',
        size: backup?.size ?? '',
        phase: backup?.phase,
        completedAt: backup?.completedAt,
      },
      checks,
      completeness: completenessResult?.summary ?? emptyCompleteness(),
      completenessDetail: completenessResult?.detail,
      validationLevels,
      ...(detail ? { detail } : {}),
      cluster: target.cluster,
      provider: deps.provider.name,
      sandboxes: Object.entries(created).map(([source, sandbox]) => ({
        source,
        sandbox,
      })),
    },
  };
}

/** The provider restore object's name: fixed by the run, so it is recorded before it exists. */
export function restoreName(runId: string): string {
  return `kymaros-${runId}`.slice(0, 63).replace(/-+$/, '');
}

function dedupe<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter(i =>
    seen.has(i.name) ? false : (seen.add(i.name), true),
  );
}
