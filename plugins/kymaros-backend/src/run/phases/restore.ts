import type {
  BackupRef,
  RestoreOutcome,
  WaitOptions,
} from '@kymaros/plugin-kymaros-node';
import { assertSafeMapping } from '../../sandbox/namespaceMappingGuard';
import * as levels from '../../scoring/levels';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { BackupProblem } from '../BackupProblem';
import type { RunContext } from '../RunContext';
import { TimeoutError } from '../withTimeout';

/** The provider restore object's name: fixed by the run, so it is recorded before it exists. */
export function restoreName(runId: string): string {
  return `kymaros-${runId}`.slice(0, 63).replace(/-+$/, '');
}

/**
 * Restores the backup into the sandboxes and waits for the provider to
 * finish; judges restore integrity. A restore that fails, or does not finish
 * in time, is a problem of the backup.
 */
export async function restoreBackup(
  run: RunContext,
  backup: BackupRef,
  mapping: Record<string, string>,
): Promise<RestoreOutcome> {
  const { deps } = run;
  const outcome = await run
    .step('restore', deps.timeoutsMs.restore, signal =>
      restoreAndWait(run, backup, mapping, signal),
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
  const integrity = run.recorder.level(
    'restoreIntegrity',
    levels.restoreIntegrity({
      phase: outcome.phase,
      backupName: backup.name,
      provider: deps.provider.name,
      itemsTotal: outcome.items?.length ?? outcome.itemsTotal,
      itemsFailed: failedItems(outcome),
      messages: outcome.messages,
    }),
  );
  if (outcome.phase === 'Failed' || outcome.phase === 'FailedValidation')
    throw new BackupProblem(integrity.detail);
  return outcome;
}

async function restoreAndWait(
  run: RunContext,
  backup: BackupRef,
  mapping: Record<string, string>,
  signal: AbortSignal,
): Promise<RestoreOutcome> {
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
  // Above the sandboxes' entry: the restore is removed (and allowed to settle) first,
  // so it cannot re-create a namespace after the namespace is gone.
  run.cleanups.push(cleanupSignal => deps.cleanup(cleanupSignal, 'Restore'));
  await deps.recorder.before('Restore', name, { provider: deps.provider.name });
  const handle = await deps.provider.triggerRestore(backup, mapping, {
    runId,
    name,
    labels: run.labels,
    labelSelector: run.target.spec.backupSource.labelSelector,
  });
  if (handle.uid) await deps.recorder.created('Restore', name, handle.uid);
  deps.onStep('restore: waiting for the provider');
  return deps.provider.waitForRestore(handle, {
    signal,
    onProgress: progress => deps.onStep(progressStep(progress)),
  });
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
