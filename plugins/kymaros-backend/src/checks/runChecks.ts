import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import type { CheckResult, HealthCheck } from '@kymaros/plugin-kymaros-common';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import { sleep } from '../kube/poll';
import { CheckPlan, planChecks } from './planChecks';

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 5000;

export interface RunChecksDeps {
  types: ReadonlyMap<string, CheckType>;
  contextFor(check: HealthCheck): CheckContext;
  logger: LoggerService;
  /** Aborts the whole run: unfinished checks are skipped. */
  signal: AbortSignal;
  /** How many independent checks may run at once. */
  concurrency?: number;
  /** Delay before the first retry; doubled for each further one, capped at 5 s. */
  retryDelayMs?: number;
  /** Timeout of a check that sets none. */
  defaultTimeoutMs?: number;
}

/** An attempt's outcome; `aborted` when the run's abort, not the check, ended it. */
type Attempted = CheckOutcome & { aborted?: boolean };

function abortReason(signal: AbortSignal): string {
  return signal.reason === undefined ? 'aborted' : describeError(signal.reason);
}

/** Extension check types are other people's code: a malformed outcome is a failure, not a crash. */
function normalize(outcome: unknown): CheckOutcome {
  const given = outcome as Partial<CheckOutcome> | undefined;
  if (given && (given.status === 'pass' || given.status === 'fail')) {
    const namespaces = Array.isArray(given.namespaces)
      ? given.namespaces.filter(n => typeof n === 'string')
      : [];
    return {
      status: given.status,
      message: String(given.message ?? ''),
      ...(namespaces.length ? { namespaces } : {}),
    };
  }
  return { status: 'fail', message: 'the check type returned no outcome' };
}

/**
 * One attempt under its own deadline. The check gets a signal that aborts on
 * timeout or when the run aborts; the answer does not wait for the check to
 * notice, so a hung check cannot hold the run.
 */
async function attempt(
  plan: CheckPlan,
  base: CheckContext,
  runSignal: AbortSignal,
): Promise<Attempted> {
  const controller = new AbortController();
  let cleanup = () => {};
  const stopped = new Promise<Attempted>(resolve => {
    const onRunAbort = () => {
      // Answer first, then abort: the check's own reaction to the abort must not win the race.
      resolve({
        status: 'fail',
        message: abortReason(runSignal),
        aborted: true,
      });
      controller.abort(runSignal.reason);
    };
    const timer = setTimeout(() => {
      resolve({
        status: 'fail',
        message: `timed out after ${formatDuration(plan.timeoutMs)}`,
      });
      controller.abort(
        new Error(`timed out after ${formatDuration(plan.timeoutMs)}`),
      );
    }, plan.timeoutMs);
    cleanup = () => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    };
    if (runSignal.aborted) onRunAbort();
    else runSignal.addEventListener('abort', onRunAbort, { once: true });
  });
  const run = Promise.resolve()
    .then(() =>
      plan.type!.run(plan.check, {
        ...base,
        signal: controller.signal,
        timeoutMs: plan.timeoutMs,
      }),
    )
    .then(
      normalize,
      (e): CheckOutcome => ({
        status: 'fail',
        message: describeError(e),
      }),
    );
  try {
    return await Promise.race([run, stopped]);
  } finally {
    cleanup();
  }
}

function skipped(plan: CheckPlan, message: string): CheckResult {
  return {
    name: plan.name,
    type: plan.check?.type,
    namespace: plan.check?.namespace,
    status: 'skip',
    duration: formatDuration(0),
    durationMs: 0,
    message,
  };
}

/** Attempts until a pass, an abort or the last attempt, backing off between attempts. */
async function attemptWithRetries(
  plan: CheckPlan,
  context: CheckContext,
  deps: RunChecksDeps,
): Promise<{ outcome: Attempted; attempts: number }> {
  const base = deps.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  for (let attempts = 1; ; attempts++) {
    const outcome = await attempt(plan, context, deps.signal);
    if (outcome.status === 'pass' || outcome.aborted)
      return { outcome, attempts };
    if (attempts >= plan.attempts) return { outcome, attempts };
    deps.logger.debug(
      `Check ${plan.name} failed (attempt ${attempts}/${plan.attempts}), retrying: ${outcome.message}`,
    );
    try {
      await sleep(
        Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (attempts - 1)),
        deps.signal,
      );
    } catch {
      const message = abortReason(deps.signal);
      return { outcome: { status: 'fail', message, aborted: true }, attempts };
    }
  }
}

/** Runs one check with its retries; the result's duration covers all attempts. */
async function execute(
  plan: CheckPlan,
  deps: RunChecksDeps,
): Promise<CheckResult> {
  const started = Date.now();
  const result = (
    status: CheckResult['status'],
    message: string,
    attempts: number,
    namespace = plan.check.namespace,
  ): CheckResult => {
    const elapsed = Date.now() - started;
    return {
      name: plan.name,
      type: plan.check.type,
      namespace,
      status,
      duration: formatDuration(elapsed),
      durationMs: elapsed,
      message,
      attempts,
    };
  };
  let context: CheckContext;
  try {
    context = deps.contextFor(plan.check);
  } catch (e) {
    return result(
      'fail',
      `could not prepare the check: ${describeError(e)}`,
      0,
    );
  }
  const { outcome, attempts } = await attemptWithRetries(plan, context, deps);
  // Where the check ran: where it found its target when it looked in several sandboxes.
  const namespace =
    outcome.namespaces?.join(', ') ??
    plan.check.namespace ??
    context.sourceNamespace;
  if (outcome.aborted) {
    return result(
      'skip',
      `Skipped: run aborted (${outcome.message})`,
      attempts,
      namespace,
    );
  }
  const message =
    outcome.status === 'fail' && attempts > 1
      ? `${outcome.message} (after ${attempts} attempts)`
      : outcome.message;
  return result(outcome.status, message, attempts, namespace);
}

/** The result of a check whose definition is unusable, or undefined for a usable one. */
function definitionFailure(plan: CheckPlan): CheckResult | undefined {
  if (!plan.error) return undefined;
  return { ...skipped(plan, plan.error), status: 'fail' };
}

/**
 * Why a check whose dependencies are all decided must not run: a dependency
 * that did not pass, or the run's abort. Undefined when it may run.
 */
function skipReason(
  plan: CheckPlan,
  results: (CheckResult | undefined)[],
  signal: AbortSignal,
): string | undefined {
  const blocker = plan.deps.find(d => results[d]!.status !== 'pass');
  if (blocker !== undefined) {
    const upstream = results[blocker]!;
    // A skipped dependency passes its own reason on, so the root failure is named all the way down.
    return upstream.status === 'skip'
      ? upstream.message
      : `Skipped: ${upstream.name} failed, downstream checks aborted`;
  }
  return signal.aborted
    ? `Skipped: run aborted (${abortReason(signal)})`
    : undefined;
}

/** Runs one check; whatever it throws becomes its failure. */
function start(plan: CheckPlan, deps: RunChecksDeps): Promise<CheckResult> {
  return execute(plan, deps).catch(
    (e): CheckResult => ({
      ...skipped(plan, describeError(e)),
      status: 'fail',
    }),
  );
}

/**
 * Runs health checks in dependsOn order, independent ones concurrently (a
 * few at a time), and returns one result per definition, in definition
 * order. Nothing here throws for a bad definition: an unknown type, a missing
 * block, an unknown or cyclic dependency fails that check with the reason,
 * and every check that depends on a failed one, however indirectly, is
 * skipped with "Skipped: <check> failed, downstream checks aborted".
 */
export async function runChecks(
  checks: HealthCheck[],
  deps: RunChecksDeps,
): Promise<CheckResult[]> {
  const plans = planChecks(checks, deps.types, deps.defaultTimeoutMs);
  const results = plans.map(definitionFailure);
  const limit = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  const pending = new Set(
    plans.map((_, i) => i).filter(i => results[i] === undefined),
  );
  const running = new Map<number, Promise<void>>();

  /** Decides or starts whatever can be; true when something changed. */
  const sweep = (): boolean => {
    let changed = false;
    for (const i of pending) {
      const plan = plans[i];
      if (!plan.deps.every(d => results[d])) continue;
      const reason = skipReason(plan, results, deps.signal);
      if (reason !== undefined) {
        results[i] = skipped(plan, reason);
      } else if (running.size < limit) {
        running.set(
          i,
          start(plan, deps).then(r => {
            results[i] = r;
            running.delete(i);
          }),
        );
      } else {
        continue;
      }
      pending.delete(i);
      changed = true;
    }
    return changed;
  };

  for (;;) {
    while (sweep()) {
      // Each decision can unblock checks earlier in definition order.
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }
  // Unreachable with cycles removed, but a result per definition is the contract.
  for (const i of pending) {
    results[i] = skipped(
      plans[i],
      'Skipped: dependencies could not be resolved',
    );
  }
  const final = results as CheckResult[];
  for (const r of final) {
    deps.logger.debug(
      `Check ${r.name}: ${r.status} in ${r.duration}: ${r.message}`,
    );
  }
  return final;
}
