import type * as k8s from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CheckResult,
  ResourceQuotaSpec,
  RunEvidence,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { RunObjectRecorder } from '../ownership/RunObjectRecorder';
import type { WriteGuard } from '../sandbox/WriteGuard';
import type { OwnedObjectKind } from '../store/KymarosStore';
import type { CleanupOutcome } from '../ownership/cleanupRecorded';
import type { RunReportFacts } from '../reports/reportFacts';
import { describeError } from '../util/errors';
import { BackupProblem } from './BackupProblem';
import { GlobalTimeoutError } from './RunDeadline';
import { type RunContext, startRun } from './RunContext';
import { selectBackup } from './phases/backup';
import { readBackupContents } from './phases/backupContents';
import { readBackupManifests } from './phases/backupManifests';
import { sizeSandboxQuotas } from './phases/sandboxQuotas';
import { createSandboxes } from './phases/sandboxes';
import { planRestore } from './phases/restorePlan';
import { rewriteSecrets } from './phases/secretRewrites';
import { judgeRestore, restoreBackup } from './phases/restore';
import { waitForPods } from './phases/pods';
import { measureCompleteness } from './phases/completeness';
import { runHealthChecks } from './phases/checks';
import { checkDependencies } from './phases/dependencies';
import { scoreRun } from './phases/scoring';
import { cleanUp } from './phases/cleanup';
import { keepEvidence } from './phases/evidence';

export interface RunTarget {
  testId: string;
  testName: string;
  entityRef: string;
  spec: RestoreTestSpec;
}

export interface RunDependencies {
  kubeConfig: k8s.KubeConfig;
  provider: BackupProvider;
  /**
   * The write guard the provider was built with: the run allows its
   * sandboxes on it, so the provider may write there too. Without it the
   * run guards its own writes alone.
   */
  guard?: WriteGuard;
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
    /** The checks phase, and each of the completeness and dependency steps. */
    checks: number;
    cleanup: number;
    /** The installation's limit on a whole run; a test's `timeout` may only shorten it. */
    run?: number;
  };
  /** The most an automatic sandbox quota may grant (`kymaros.sandbox.autoQuotaMax`). */
  autoQuotaMax: ResourceQuotaSpec;
  /** When the reaper may remove the run's sandboxes even if the run looks alive. */
  sandboxExpiresAt: Date;
  /** Namespaces that must never receive a restore. */
  protectedNamespaces: string[];
  /** Records each sandbox and restore object before and after it is created. */
  recorder: RunObjectRecorder;
  /** Whether a namespace is recorded as a sandbox of any run. */
  isRecordedSandbox(name: string): Promise<boolean>;
  /** Deletes the objects of one kind this run recorded; bounded by the signal. */
  cleanup(signal: AbortSignal, kind: OwnedObjectKind): Promise<CleanupOutcome>;
}

export interface RunResult {
  /** What the run's report is built from. */
  facts: RunReportFacts;
  /** The run stopped before every level could be evaluated. */
  incomplete: boolean;
  /** What the run kept of its sandboxes (logs, events), when its test collects them. */
  evidence?: RunEvidence;
}

/**
 * One run of a RestoreTest: its phases in order, each with a hard time
 * limit and all within the run's global deadline, then always the cleanup of
 * what the run created (on its own budget, whenever the run stopped), then
 * the score. Whatever happens, the facts of a report come back.
 */
export async function executeRun(
  target: RunTarget,
  runId: string,
  deps: RunDependencies,
  signal: AbortSignal,
): Promise<RunResult> {
  const run = startRun(target, runId, deps, signal);
  let evidence: RunEvidence | undefined;
  try {
    await validate(run);
  } catch (e) {
    stopped(run, e);
  } finally {
    run.deadline.dispose();
    evidence = await keepEvidence(run);
    await cleanUp(run);
  }
  return { ...finished(run), ...(evidence ? { evidence } : {}) };
}

/** The phases that evaluate the levels; the first to throw stops the run. */
async function validate(run: RunContext): Promise<void> {
  const backup = await selectBackup(run);
  const contents = await readBackupContents(run, backup);
  const read = await readBackupManifests(run, contents.backup);
  const mapping = await createSandboxes(run, sizeSandboxQuotas(run, read));
  const plan = planRestore(run, { items: contents.items, read, mapping });
  const restored = await restoreBackup(
    run,
    contents.backup,
    mapping,
    plan.transforms,
  );
  await rewriteSecrets(run, plan.secretRewrites, mapping);
  const pods = await waitForPods(run, mapping);
  const restore = await judgeRestore(run, restored);
  await measureCompleteness(run, {
    items: contents.items,
    restore,
    mapping,
    claimsWithoutData: plan.claimsWithoutData,
  });
  await runHealthChecks(run, mapping);
  await checkDependencies(run, { mapping, pods });
  run.recorder.note({ validatedAt: new Date() });
}

function stopped(run: RunContext, e: unknown): void {
  const { reason, byEnvironment } = deadlineStop(run, e) ?? {
    reason: describeError(e),
    // Problems with the backup or its restore are failures of the backup; the rest is an error of the run.
    byEnvironment: !(e instanceof BackupProblem),
  };
  run.recorder.stopped(reason, byEnvironment);
  if (byEnvironment)
    run.deps.logger.warn(
      `Run ${run.runId} of ${run.target.testId} stopped: ${reason}`,
    );
}

/**
 * The stop of a run whose global deadline passed (whatever error the cut
 * step threw), unless the backup failed first. Once a restore was attempted
 * the run failed to prove the backup restorable in the time the test allows,
 * a failure of the backup like a restore that never finishes; before that,
 * nothing of the backup was tried and the environment is to blame: an error.
 */
function deadlineStop(
  run: RunContext,
  e: unknown,
): { reason: string; byEnvironment: boolean } | undefined {
  const timeout = run.signal.reason;
  if (!(timeout instanceof GlobalTimeoutError) || e instanceof BackupProblem)
    return undefined;
  const phase = run.steps[run.steps.length - 1];
  const during = phase ? ` during the ${phase} phase` : '';
  if (run.steps.includes('restore'))
    return { reason: `${timeout.message}${during}`, byEnvironment: false };
  return {
    reason: `${timeout.message}${during}, before any restore was attempted`,
    byEnvironment: true,
  };
}

function finished(run: RunContext): RunResult {
  const { recorder, target } = run;
  const evaluation = scoreRun(run);
  return {
    incomplete: !recorder.facts.validatedAt,
    facts: {
      kind: 'run',
      ...recorder.facts,
      startedAt: recorder.startedAt,
      endedAt: new Date(),
      evaluation,
      phases: recorder.phases,
      detail: recorder.detail,
      rtoTarget: target.spec.sla?.maxRTO,
      rpoTarget: target.spec.sla?.maxRPO,
    },
  };
}
