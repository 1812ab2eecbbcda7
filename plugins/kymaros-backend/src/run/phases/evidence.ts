import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import { collectEvidence } from '../../evidence/collectEvidence';
import { logCollectionSettings } from '../../evidence/logCollectionSettings';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';
import { withTimeout } from '../withTimeout';

/** How long a run may spend keeping evidence, whatever stopped it. */
export const EVIDENCE_BUDGET_MS = 30_000;

/**
 * Keeps what the sandboxes hold (logs, events) before cleanup deletes them,
 * as the test's `logCollection` asks. Runs however the run ended, on its own
 * budget: a run stopped by its deadline or a failed restore is the one whose
 * logs matter most. Never fails the run.
 */
export async function keepEvidence(
  run: RunContext,
  budgetMs = EVIDENCE_BUDGET_MS,
): Promise<RunEvidence | undefined> {
  const settings = logCollectionSettings(run.target.spec);
  const sandboxes = run.recorder.facts.sandboxes;
  if (!settings || Object.keys(sandboxes).length === 0) return undefined;
  run.deps.onStep('evidence');
  try {
    // Its own budget, not the run's signal (which may already be aborted), and
    // one the collection cannot outlive: cleanup waits for it.
    return await withTimeout(
      new AbortController().signal,
      budgetMs,
      `timed out after ${budgetMs / 1000} s`,
      signal =>
        collectEvidence(run.deps.kubeConfig, sandboxes, settings, signal),
    );
  } catch (e) {
    return {
      podLogs: [],
      events: [],
      omitted: [`nothing kept: ${describeError(e)}`],
    };
  }
}
