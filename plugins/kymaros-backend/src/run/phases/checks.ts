import type { CheckResult } from '@kymaros/plugin-kymaros-common';
import { formatDuration, parseDuration } from '@kymaros/plugin-kymaros-common';
import { InputError } from '@backstage/errors';
import * as levels from '../../scoring/levels';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';
import { TimeoutError } from '../withTimeout';

/** How long the check runner may take to hand in its results once the phase is cut (it answers at once). */
const ANSWER_GRACE_MS = 5_000;

/**
 * Runs the test's health checks in the sandboxes; judges internal health.
 * The phase ends at its deadline (`healthChecks.timeout`, within the
 * installation's checks limit): what did not finish by then fails or is
 * skipped, and the run goes on. A run stopped meanwhile (its global deadline,
 * shutdown) keeps the checks it got, then stops.
 */
export async function runHealthChecks(
  run: RunContext,
  mapping: Record<string, string>,
): Promise<void> {
  const { deps } = run;
  const limit = checksDeadline(run);
  const reached = `the checks phase deadline (${limit.label}) was reached`;
  let cut = false;
  const results = await run.step(
    'checks',
    limit.ms,
    async signal => {
      const answered = await deps.runChecks(
        run.target.spec.healthChecks?.checks ?? [],
        {
          kubeConfig: run.kubeConfig,
          sandboxes: mapping,
          labels: run.labels,
          signal,
        },
      );
      cut = signal.reason instanceof TimeoutError;
      return answered;
    },
    { timeoutMessage: reached, graceMs: ANSWER_GRACE_MS },
  );
  const checks = cut ? results.map(r => cutAtDeadline(r, reached)) : results;
  run.recorder.note({ checks });
  run.recorder.level('internalHealth', levels.internalHealth(checks));
  if (cut) {
    const unfinished = results.filter(r => isCut(r, reached)).length;
    run.recorder.problem(
      `${reached}: ${unfinished} of ${checks.length} checks did not finish`,
    );
  }
  run.signal.throwIfAborted();
}

/** The checks phase's limit: `healthChecks.timeout` when set and within the installation's. */
function checksDeadline(run: RunContext): { ms: number; label: string } {
  const installation = run.deps.timeoutsMs.checks;
  const written = run.target.spec.healthChecks?.timeout;
  const own = written === undefined ? undefined : parseTimeout(written);
  if (own !== undefined && own <= installation)
    return { ms: own, label: `healthChecks.timeout, ${formatDuration(own)}` };
  return {
    ms: installation,
    label: `kymaros.timeouts.checks, ${formatDuration(installation)}`,
  };
}

/**
 * A check the phase deadline cut, in words about the deadline: one that was
 * running fails (it did not prove anything in the time), one that never
 * started is skipped.
 */
function cutAtDeadline(result: CheckResult, reached: string): CheckResult {
  if (!isCut(result, reached)) return result;
  if (result.attempts)
    return {
      ...result,
      status: 'fail',
      message: `${reached[0].toUpperCase()}${reached.slice(
        1,
      )} before this check finished`,
    };
  return { ...result, message: `Skipped: ${reached}` };
}

/** The runner skips what the abort of its signal ended, giving the abort's reason. */
function isCut(result: CheckResult, reached: string): boolean {
  return result.status === 'skip' && result.message.includes(reached);
}

/** The definition loader refuses a bad value; this names the field should one get through. */
function parseTimeout(text: string): number {
  try {
    return parseDuration(text);
  } catch (e) {
    throw new InputError(`healthChecks.timeout: ${describeError(e)}`);
  }
}
