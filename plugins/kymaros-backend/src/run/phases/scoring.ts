import * as levels from '../../scoring/levels';
import { type Evaluation, evaluate } from '../../scoring/evaluation';
import { rtoWindow } from '../../reports/reportFacts';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import type { RunContext } from '../RunContext';

const NOT_REACHED =
  'Not evaluated: the run stopped before this step (see the report detail)';

/** Judges RTO compliance (only for a run through validation) and scores every level. */
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
  return evaluate(recorder.levels, recorder.error, NOT_REACHED);
}
