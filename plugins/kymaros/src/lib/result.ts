import {
  SCORE_THRESHOLDS,
  type RestoreResult,
} from '@kymaros/plugin-kymaros-common';

export const RESULT_LABELS: Record<RestoreResult, string> = {
  pass: 'Pass',
  partial: 'Partial',
  fail: 'Fail',
  error: 'Error',
};

export const RESULT_DESCRIPTIONS: Record<RestoreResult, string> = {
  pass: `Score ${SCORE_THRESHOLDS.pass} or more: the backup restores and the app works.`,
  partial: `Score ${SCORE_THRESHOLDS.partial}–${
    SCORE_THRESHOLDS.pass - 1
  }: the backup restores, with gaps to fix.`,
  fail: `Score below ${SCORE_THRESHOLDS.partial}: this backup would not bring the service back.`,
  error:
    'The run could not be evaluated (cluster, permissions or the backend failed). This says nothing about the backup.',
};

/**
 * Whether a run restored anything whose recovery time means something: not
 * when it could not be evaluated, nor when there was no backup to restore.
 */
export function rtoMeasured(run: {
  result?: RestoreResult;
  restoredBackup?: string;
}): boolean {
  return run.result !== 'error' && Boolean(run.restoredBackup);
}

/** A score as tables show it: "—" when there is none, or when its run could not be evaluated. */
export function scoreText(run: {
  score?: number;
  result?: RestoreResult;
}): string {
  return run.score === undefined || run.result === 'error'
    ? '—'
    : String(run.score);
}

/** What the overview can say about a test: its last result, or why there is none. */
export type Outcome = RestoreResult | 'invalid' | 'never';

export function outcomeOf(item: {
  error?: string;
  result?: RestoreResult;
}): Outcome {
  if (item.error) return 'invalid';
  return item.result ?? 'never';
}

export const OUTCOME_LABELS: Record<Outcome, string> = {
  ...RESULT_LABELS,
  invalid: 'Invalid definition',
  never: 'Not run yet',
};

/** Lower is worse: invalid definitions and failing backups first, passing last. */
const OUTCOME_RANK: Record<Outcome, number> = {
  invalid: 0,
  fail: 1,
  error: 2,
  never: 3,
  partial: 4,
  pass: 5,
};

/** What the worst-first order looks at. */
export interface Ranked {
  name: string;
  error?: string;
  result?: RestoreResult;
  score?: number;
}

/** Sort comparator: worst outcome first, then lowest score, then by name. */
export function compareWorstFirst<T>(view: (item: T) => Ranked) {
  return (x: T, y: T) => {
    const a = view(x);
    const b = view(y);
    return (
      OUTCOME_RANK[outcomeOf(a)] - OUTCOME_RANK[outcomeOf(b)] ||
      (a.score ?? -1) - (b.score ?? -1) ||
      a.name.localeCompare(b.name)
    );
  };
}

/** How a restore test ranks, from its status. */
export const rankTest = (test: {
  name: string;
  status: { error?: string; lastResult?: RestoreResult; lastScore?: number };
}): Ranked => ({
  name: test.name,
  error: test.status.error,
  result: test.status.lastResult,
  score: test.status.lastScore,
});
