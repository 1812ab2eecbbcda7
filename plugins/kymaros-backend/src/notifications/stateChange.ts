import type {
  RestoreReport,
  RestoreResult,
} from '@kymaros/plugin-kymaros-common';

/**
 * A change in a test's state that someone should be told of. A test's
 * state is its last report: messages go out when it changes, never for a
 * run that leaves it as it was.
 *
 * - `failure`: fail or error, after no report or one that was not failing.
 * - `recovery`: no longer failing (pass or partial) after a fail or error.
 * - `passing`: pass after no report or a partial one (its first pass).
 * - `regression`: not failing, and the report records a regression against
 *   the previous one (a score drop or a level that passed and now fails).
 * - `rtoExceeded` / `rtoWithin`: the measured RTO crossed its target, either
 *   way (only with `sla.alertOnExceed`, and only for runs through validation).
 */
export type StateChangeKind =
  | 'failure'
  | 'regression'
  | 'recovery'
  | 'passing'
  | 'rtoExceeded'
  | 'rtoWithin';

/** Most important first: a message about several changes is titled by the first. */
export const STATE_CHANGE_ORDER: readonly StateChangeKind[] = [
  'failure',
  'regression',
  'rtoExceeded',
  'recovery',
  'passing',
  'rtoWithin',
];

/**
 * Who hears of a change: `onFailure` targets of anything going wrong and of
 * its end; `onSuccess` targets when the test passes after not passing.
 */
export function audienceOf(
  kind: StateChangeKind,
  result: RestoreResult,
): ('onFailure' | 'onSuccess')[] {
  if (kind === 'passing') return ['onSuccess'];
  if (kind === 'recovery' && result === 'pass')
    return ['onFailure', 'onSuccess'];
  return ['onFailure'];
}

const failing = (result: RestoreResult | undefined) =>
  result === 'fail' || result === 'error';

/**
 * Whether the RTO met its target; undefined when the report cannot say: no
 * target, or a run that did not get through validation (its failure is
 * news of its own).
 */
export function rtoState(
  report: RestoreReport | undefined,
): 'within' | 'exceeded' | undefined {
  if (!report) return undefined;
  const { rto, validationLevels } = report.status;
  if (rto.target === undefined && rto.targetMs === undefined) return undefined;
  if ((validationLevels?.rtoCompliance?.status ?? 'skip') === 'skip')
    return undefined;
  return rto.withinSLA ? 'within' : 'exceeded';
}

function resultChanges(
  current: RestoreReport,
  previous: RestoreReport | undefined,
): StateChangeKind[] {
  const now = current.status.result;
  const before = previous?.status.result;
  if (failing(now)) return failing(before) ? [] : ['failure'];
  if (failing(before)) return ['recovery'];
  const changes: StateChangeKind[] = [];
  if (previous && current.status.regression) changes.push('regression');
  if (now === 'pass' && before !== 'pass') changes.push('passing');
  return changes;
}

function rtoChanges(
  current: RestoreReport,
  previous: RestoreReport | undefined,
): StateChangeKind[] {
  const now = rtoState(current);
  if (now === undefined || now === rtoState(previous)) return [];
  if (now === 'exceeded') return ['rtoExceeded'];
  // Back within target is news only to those told it was not.
  return rtoState(previous) === 'exceeded' ? ['rtoWithin'] : [];
}

/**
 * The changes from `previous` (the test's report before this one, if any)
 * to `current`, most important first; empty when the state is unchanged.
 */
export function classifyStateChange(
  current: RestoreReport,
  previous: RestoreReport | undefined,
  options: { alertOnExceed: boolean },
): StateChangeKind[] {
  const changes = [
    ...resultChanges(current, previous),
    ...(options.alertOnExceed ? rtoChanges(current, previous) : []),
  ];
  return STATE_CHANGE_ORDER.filter(kind => changes.includes(kind));
}
