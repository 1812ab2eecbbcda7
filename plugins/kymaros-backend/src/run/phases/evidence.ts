import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import {
  collectEvidence,
  type EvidenceRequest,
} from '../../evidence/collectEvidence';
import type { FailedCheck } from '../../evidence/checkEvidence';
import { logCollectionSettings } from '../../evidence/logCollectionSettings';
import {
  boundRestoreLog,
  unavailableRestoreLog,
} from '../../evidence/restoreEvidence';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';
import { withTimeout } from '../withTimeout';
import { restoreName } from './restore';

/** How long a run may spend keeping evidence, whatever stopped it. */
export const EVIDENCE_BUDGET_MS = 30_000;
/**
 * Of which the provider's restore log may take this much: a restore that
 * never finished has no log yet, and waiting for one must not cost the
 * pods' evidence.
 */
export const RESTORE_LOG_BUDGET_MS = 15_000;

/**
 * Keeps what the sandboxes and the provider hold (pod states, logs, events,
 * failed checks, the restore log) before cleanup deletes them. Runs however
 * the run ended, on its own budget: a run stopped by its deadline or a
 * failed restore is the one whose evidence matters most. The pods that fail
 * are kept even when the test's `logCollection` is off (their state, not
 * their logs). Never fails the run.
 */
export async function keepEvidence(
  run: RunContext,
  budgetMs = EVIDENCE_BUDGET_MS,
): Promise<RunEvidence | undefined> {
  const sandboxes = run.recorder.facts.sandboxes;
  if (Object.keys(sandboxes).length === 0) return undefined;
  run.deps.onStep('evidence');
  const failedChecks = failedChecksOf(run);
  try {
    // Its own budget, not the run's signal (which may already be aborted), and
    // one the collection cannot outlive: cleanup waits for it.
    return await withTimeout(
      new AbortController().signal,
      budgetMs,
      `timed out after ${budgetMs / 1000} s`,
      signal =>
        collectEvidence(
          run.deps.kubeConfig,
          {
            sandboxes,
            logs: logCollectionSettings(run.target.spec),
            troubled: troubled(run) || failedChecks.length > 0,
            failedChecks,
            restoreLog: restoreLogReader(
              run,
              Math.min(RESTORE_LOG_BUDGET_MS, budgetMs / 2),
            ),
          },
          signal,
        ),
    );
  } catch (e) {
    return {
      podLogs: [],
      events: [],
      omitted: [`nothing kept: ${describeError(e)}`],
    };
  }
}

/** The run did not pass so far: it stopped, or a level failed. */
function troubled(run: RunContext): boolean {
  const { recorder } = run;
  return (
    recorder.failed ||
    recorder.error ||
    Object.values(recorder.levels).some(l => l?.status === 'fail')
  );
}

function failedChecksOf(run: RunContext): FailedCheck[] {
  const definitions = run.target.spec.healthChecks?.checks ?? [];
  return run.recorder.facts.checks
    .filter(c => c.status === 'fail')
    .map(result => ({
      result,
      definition: definitions.find(d => d.name === result.name),
    }));
}

/** Reads the provider's log of the run's restore, when one was attempted and the provider keeps one. */
function restoreLogReader(
  run: RunContext,
  timeoutMs: number,
): EvidenceRequest['restoreLog'] {
  const { provider } = run.deps;
  if (!run.steps.includes('restore')) return undefined;
  const source = {
    provider: provider.name,
    restoreName: restoreName(run.runId),
  };
  if (!provider.readRestoreLog)
    return async () => ({
      restore: unavailableRestoreLog(
        source,
        `the ${provider.name} provider keeps no restore log`,
      ),
      omitted: [],
    });
  const handle = { id: source.restoreName, provider: provider.name };
  return async signal => {
    const omitted: string[] = [];
    try {
      const log = await withTimeout(
        signal,
        timeoutMs,
        `not available within ${
          timeoutMs / 1000
        } s (the provider writes it once the restore ends)`,
        s => provider.readRestoreLog!(handle, s),
      );
      return { restore: boundRestoreLog(source, log, omitted), omitted };
    } catch (e) {
      return { restore: unavailableRestoreLog(source, e), omitted };
    }
  };
}
