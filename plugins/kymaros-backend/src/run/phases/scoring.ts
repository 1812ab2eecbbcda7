import * as levels from '../../scoring/levels';
import { type Evaluation, evaluate } from '../../scoring/evaluation';
import { rtoWindow } from '../../reports/reportFacts';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import type { RunContext } from '../RunContext';

/** Why the levels after the run stopped were not evaluated: the run's own reason when it gave one. */
function notReached(stopReason: string | undefined): string {
  return stopReason
    ? `Not evaluated: the run stopped before this step: ${stopReason}`
    : 'Not evaluated: the run stopped before this step';
}

/** Judges RTO compliance (only for a run through validation), scores every level and gives the result. */
export function scoreRun(run: RunContext): Evaluation {
  const { recorder } = run;
  const maxRTO = run.target.spec.sla?.maxRTO;
  if (recorder.facts.validatedAt) {
    const { measuredMs } = rtoWindow(
      { ...recorder.facts, startedAt: recorder.startedAt },
      new Date(),
    );
    recorder.level(
      'rtoCompliance',
      levels.rtoCompliance(
        measuredMs,
        maxRTO ? tryParseDuration(maxRTO) : undefined,
      ),
    );
  } else {
    recorder.level(
      'rtoCompliance',
      levels.skipped(
        'rtoCompliance',
        'Not measured: the run did not get through validation',
        ['sla.maxRTO'],
      ),
    );
  }
  const evaluation = evaluate(
    recorder.levels,
    recorder.error,
    notReached(recorder.detail),
  );
  // Only a run through validation is judged by its score: one its backup stopped (a failed
  // restore, the global timeout) failed, however many points the levels before earned.
  return recorder.failed ? { ...evaluation, result: 'fail' } : evaluation;
}
