import type {
  BackupRef,
  RestoreHandle,
  RestoreOutcome,
  RestoreResults,
  RestoreTransforms,
  WaitOptions,
} from '@kymaros/plugin-kymaros-node';
import { cleanupOutcome } from '../../ownership/cleanupRecorded';
import { assertSafeMapping } from '../../sandbox/namespaceMappingGuard';
import { RestoreSweeper } from '../../sandbox/RestoreSweeper';
import * as levels from '../../scoring/levels';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { BackupProblem } from '../BackupProblem';
import { untilSettled } from '../CleanupStack';
import type { RunContext } from '../RunContext';
import { TimeoutError, withTimeout } from '../withTimeout';

/** The provider restore object's name: fixed by the run, so it is recorded before it exists. */
export function restoreName(runId: string): string {
  return `kymaros-${runId}`.slice(0, 63).replace(/-+$/, '');
}

/** A restore that restored nothing usable: the run stops there. */
function restoreFailed(outcome: RestoreOutcome): boolean {
  return outcome.phase === 'Failed' || outcome.phase === 'FailedValidation';
}

/** How long the provider's results of a finished restore may take to read. */
const RESULTS_TIMEOUT_MS = 120_000;

/** A restore the provider has finished, whose results may still be on their way. */
export interface FinishedRestore {
  backup: BackupRef;
  outcome: RestoreOutcome;
  results: Promise<RestoreResults | undefined>;
}

/**
 * Restores the backup into the sandboxes and waits for the provider to
 * finish. The provider's results are read from then on, while the pods
 * start (restoreIntegrity judges them); a restore that fails, or does not
 * finish in time, is a problem of the backup and is judged at once.
 */
export async function restoreBackup(
  run: RunContext,
  backup: BackupRef,
  mapping: Record<string, string>,
  transforms: RestoreTransforms,
): Promise<FinishedRestore> {
  const { deps } = run;
  const { handle, outcome } = await run
    .step('restore', deps.timeoutsMs.restore, signal =>
      restoreAndWait(run, { backup, mapping, transforms }, signal),
    )
    .catch(e => {
      if (e instanceof TimeoutError)
        throw new BackupProblem(
          `The restore did not finish within ${formatDuration(
            deps.timeoutsMs.restore,
          )}; the provider may be stuck or queued behind other restores`,
        );
      throw e;
    });
  run.recorder.note({
    restoreStartedAt: outcome.startedAt
      ? new Date(outcome.startedAt)
      : undefined,
  });
  const restore = {
    backup,
    outcome,
    results: readResults(run, handle, outcome),
  };
  if (restoreFailed(outcome)) await judgeRestore(run, restore);
  return restore;
}

/**
 * Starts reading the results of a restore that restored anything; never
 * rejects (unreadable results are left out). A run that stops before judging
 * them ends the reading before its Restore is removed, so no download of the
 * provider's outlives the run.
 */
function readResults(
  run: RunContext,
  handle: RestoreHandle,
  outcome: RestoreOutcome,
): Promise<RestoreResults | undefined> {
  const { provider } = run.deps;
  if (outcome.phase !== 'Completed' && outcome.phase !== 'PartiallyFailed')
    return Promise.resolve(undefined);
  if (!provider.readRestoreResults) return Promise.resolve(undefined);
  const stop = new AbortController();
  const results = withTimeout(
    AbortSignal.any([run.signal, stop.signal]),
    RESULTS_TIMEOUT_MS,
    'reading the restore results timed out',
    signal => provider.readRestoreResults!(handle, signal),
  ).catch(() => undefined);
  run.cleanups.push(async () => {
    stop.abort();
    await results;
    return cleanupOutcome();
  });
  return results;
}

/**
 * The outcome with its results, and the restoreIntegrity level judged from
 * them; a restore that failed stops the run as a problem of the backup.
 */
export async function judgeRestore(
  run: RunContext,
  restore: FinishedRestore,
): Promise<RestoreOutcome> {
  const { deps } = run;
  const results = await restore.results;
  const outcome: RestoreOutcome = {
    ...restore.outcome,
    messages: [...restore.outcome.messages, ...(results?.messages ?? [])],
    items: results?.items ?? restore.outcome.items,
  };
  const integrity = run.recorder.level(
    'restoreIntegrity',
    levels.restoreIntegrity({
      phase: outcome.phase,
      providerPhase: outcome.providerPhase,
      backupName: restore.backup.name,
      provider: deps.provider.displayName ?? deps.provider.name,
      itemsTotal: outcome.items?.length ?? outcome.itemsTotal,
      itemsFailed: failedItems(outcome),
      messages: outcome.messages,
    }),
  );
  if (restoreFailed(outcome)) throw new BackupProblem(integrity.detail);
  return outcome;
}

async function restoreAndWait(
  run: RunContext,
  {
    backup,
    mapping,
    transforms,
  }: {
    backup: BackupRef;
    mapping: Record<string, string>;
    transforms: RestoreTransforms;
  },
  signal: AbortSignal,
): Promise<{ handle: RestoreHandle; outcome: RestoreOutcome }> {
  const { deps, runId, sources } = run;
  assertSafeMapping({
    mapping,
    includedNamespaces: Object.keys(mapping),
    sources,
    runSandboxes: run.recorder.facts.sandboxes,
    liveLabels: await run.sandboxes.liveLabels(Object.values(mapping)),
    runId,
    forbidden: deps.protectedNamespaces,
  });
  const name = restoreName(runId);
  const sweeper = startSweeper(run, mapping);
  // Above the sandboxes' entry: the restore is removed (and allowed to settle) first,
  // so it cannot re-create a namespace after the namespace is gone.
  run.cleanups.push(cleanupSignal => deps.cleanup(cleanupSignal, 'Restore'));
  await deps.recorder.before('Restore', name, { provider: deps.provider.name });
  const restored = await triggerAndWait(
    run,
    { backup, mapping, transforms, name },
    signal,
  );
  // The tool is done creating objects; a run stopped before that sweeps until its restore is removed.
  const unsafe = await stopSweeper(sweeper);
  if (unsafe) throw new Error(unsafe);
  return restored;
}

/** A tool that cannot change objects as it restores: what it must not leave in the sandboxes is removed as it appears. */
function startSweeper(
  run: RunContext,
  mapping: Record<string, string>,
): RestoreSweeper | undefined {
  if (run.deps.provider.appliesEdits !== false) return undefined;
  const sweeper = new RestoreSweeper(run.kubeConfig, Object.values(mapping));
  sweeper.start();
  // Below the restore's entry, so it runs after the restore is removed (and has settled).
  run.cleanups.push(async () => {
    const unsafe = await stopSweeper(sweeper);
    if (unsafe) run.recorder.problem(unsafe);
    return cleanupOutcome();
  });
  return sweeper;
}

/** Sweepers whose problems are on the report already (stopped after the restore, then again at cleanup). */
const reported = new WeakSet<RestoreSweeper>();

/**
 * Stops the sweeper and says, once, what it could not remove: a run whose
 * restore just finished stops there (its sandboxes are not safe to test
 * in); at cleanup it goes on the report.
 */
async function stopSweeper(
  sweeper?: RestoreSweeper,
): Promise<string | undefined> {
  if (!sweeper) return undefined;
  const result = await sweeper.stop();
  if (reported.has(sweeper) || !result.problems.length) return undefined;
  reported.add(sweeper);
  return `External IPs or token data could not be removed from the sandboxes, so nothing was tested there: ${result.problems.join(
    '; ',
  )}`;
}

async function triggerAndWait(
  run: RunContext,
  {
    backup,
    mapping,
    transforms,
    name,
  }: {
    backup: BackupRef;
    mapping: Record<string, string>;
    transforms: RestoreTransforms;
    name: string;
  },
  signal: AbortSignal,
): Promise<{ handle: RestoreHandle; outcome: RestoreOutcome }> {
  const { deps, runId } = run;
  const triggering = deps.provider.triggerRestore(backup, mapping, {
    runId,
    name,
    labels: run.labels,
    labelSelector: run.target.spec.backupSource.labelSelector,
    transforms,
  });
  // Runs before the restore's removal: a create still on its way when the run stopped lands first, so it is found and removed.
  run.cleanups.push(untilSettled(triggering, 'the restore create'));
  const handle = await triggering;
  if (handle.uid) await deps.recorder.created('Restore', name, handle.uid);
  deps.onStep('restore: waiting for the provider');
  const outcome = await deps.provider.waitForRestore(handle, {
    signal,
    onProgress: progress => deps.onStep(progressStep(progress)),
  });
  return { handle, outcome };
}

type RestoreProgress = Parameters<NonNullable<WaitOptions['onProgress']>>[0];

function progressStep(progress: RestoreProgress): string {
  const items = progress.itemsTotal
    ? ` (${progress.itemsRestored ?? 0}/${progress.itemsTotal} items)`
    : '';
  return `restore: ${progress.phase}${items}`;
}

/** Items the provider reports as failed, else its error count for a partial failure. */
function failedItems(outcome: RestoreOutcome): number {
  return (
    (outcome.items ?? []).filter(i => i.outcome === 'failed').length ||
    (outcome.phase === 'PartiallyFailed' ? outcome.errors : 0)
  );
}
