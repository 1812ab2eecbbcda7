import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import type { CheckResult, HealthCheck } from '@kymaros/plugin-kymaros-common';
import { findCycles } from './dependencyGraph';
import { formatDuration, parseDuration } from '../util/duration';
import { describeError } from '../util/errors';
import { sleep } from './wait';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;
const DEFAULT_CONCURRENCY = 4;
const DEFAULT_RETRY_DELAY_MS = 500;
const MAX_RETRY_DELAY_MS = 5000;
const MAX_RETRIES = 10;

export interface RunChecksDeps {
  types: Map<string, CheckType>;
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

/** A check definition, validated and ready to schedule. */
interface Plan {
  check: HealthCheck;
  name: string;
  /** Why the definition is unusable: the check fails with exactly this. */
  error?: string;
  type?: CheckType;
  timeoutMs: number;
  retries: number;
  /** Indices of the checks this one depends on. */
  deps: number[];
}

/** A setting of the check, or else the same setting in its type's block (`httpGet.timeout`). */
function setting(check: HealthCheck, key: 'timeout' | 'retries'): unknown {
  if (check[key] !== undefined) return check[key];
  const block = check[check.type];
  return block && typeof block === 'object'
    ? (block as Record<string, unknown>)[key]
    : undefined;
}

/** Validates every definition and resolves dependsOn; never throws, every problem becomes a reason. */
export function planChecks(
  checks: HealthCheck[],
  types: Map<string, CheckType>,
  defaultTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): Plan[] {
  const firstIndex = new Map<string, number>();
  const plans: Plan[] = checks.map((check, index) => {
    const named = typeof check?.name === 'string' && check.name.trim() !== '';
    const name = named ? check.name : `check #${index + 1}`;
    const plan: Plan = {
      check,
      name,
      timeoutMs: defaultTimeoutMs,
      retries: 0,
      deps: [],
    };
    const fail = (reason: string) => {
      plan.error ??= reason;
    };
    if (!named) fail(`${name} has no name`);
    else if (firstIndex.has(name))
      fail(`duplicate check name "${name}": names must be unique`);
    else firstIndex.set(name, index);

    const typeName = check?.type;
    const type = typeof typeName === 'string' ? types.get(typeName) : undefined;
    if (typeof typeName !== 'string' || typeName === '') {
      fail(`check "${name}" has no type`);
    } else if (!type) {
      fail(
        `unknown check type "${typeName}" (known: ${[...types.keys()]
          .sort()
          .join(', ')})`,
      );
    } else {
      plan.type = type;
      try {
        const reason = type.validate?.(check);
        if (reason) fail(reason);
      } catch (e) {
        fail(`invalid ${typeName} check: ${describeError(e)}`);
      }
    }

    const timeout = check ? setting(check, 'timeout') : undefined;
    if (timeout !== undefined) {
      try {
        if (typeof timeout !== 'string')
          throw new Error('must be a duration such as 30s');
        plan.timeoutMs = parseDuration(timeout);
        if (plan.timeoutMs <= 0) throw new Error('must be longer than 0s');
      } catch (e) {
        fail(`timeout: ${describeError(e)}`);
      }
    }
    const retries = check ? setting(check, 'retries') : undefined;
    if (retries !== undefined) {
      if (
        typeof retries !== 'number' ||
        !Number.isInteger(retries) ||
        retries < 0 ||
        retries > MAX_RETRIES
      ) {
        fail(`retries must be a whole number from 0 to ${MAX_RETRIES}`);
      } else {
        plan.retries = retries;
      }
    }
    return plan;
  });

  plans.forEach(plan => {
    const dependsOn = plan.check?.dependsOn;
    if (dependsOn === undefined) return;
    if (
      !Array.isArray(dependsOn) ||
      dependsOn.some(d => typeof d !== 'string')
    ) {
      plan.error ??= 'dependsOn must be a list of check names';
      return;
    }
    for (const dep of dependsOn) {
      const index = firstIndex.get(dep);
      if (index === undefined) {
        plan.error ??= `dependsOn names unknown check "${dep}"`;
      } else if (!plan.deps.includes(index)) {
        plan.deps.push(index);
      }
    }
  });

  const cycles = findCycles(
    plans.map(p => p.name),
    plans.map(p => p.deps),
  );
  cycles.forEach((cycle, index) => {
    plans[index].error ??= `dependsOn cycle: ${cycle}`;
  });
  return plans;
}

function abortReason(signal: AbortSignal): string {
  return signal.reason === undefined ? 'aborted' : describeError(signal.reason);
}

/** Extension check types are other people's code: a malformed outcome is a failure, not a crash. */
function normalize(outcome: unknown): CheckOutcome {
  const o = outcome as Partial<CheckOutcome> | undefined;
  if (o && (o.status === 'pass' || o.status === 'fail')) {
    return { status: o.status, message: String(o.message ?? '') };
  }
  return { status: 'fail', message: 'the check type returned no outcome' };
}

/**
 * One attempt under its own deadline. The check gets a signal that aborts on
 * timeout or when the run aborts; the answer does not wait for the check to
 * notice, so a hung check cannot hold the run.
 */
async function attempt(
  plan: Plan,
  base: CheckContext,
  runSignal: AbortSignal,
): Promise<CheckOutcome & { aborted?: boolean }> {
  const controller = new AbortController();
  let cleanup = () => {};
  const stopped = new Promise<CheckOutcome & { aborted?: boolean }>(resolve => {
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

function skipped(plan: Plan, message: string): CheckResult {
  return {
    name: plan.name,
    type: plan.check?.type,
    namespace: plan.check?.namespace,
    status: 'skip',
    duration: formatDuration(0),
    message,
  };
}

/** Runs one check with its retries; the result's duration covers all attempts. */
async function execute(plan: Plan, deps: RunChecksDeps): Promise<CheckResult> {
  const started = Date.now();
  const result = (
    status: CheckResult['status'],
    message: string,
    attempts: number,
    namespace = plan.check.namespace,
  ): CheckResult => ({
    name: plan.name,
    type: plan.check.type,
    namespace,
    status,
    duration: formatDuration(Date.now() - started),
    message,
    attempts,
  });
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
  const namespace = plan.check.namespace ?? context.sourceNamespace;
  const base = deps.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS;
  let outcome: CheckOutcome & { aborted?: boolean } = {
    status: 'fail',
    message: '',
  };
  let attempts = 0;
  while (attempts <= plan.retries) {
    attempts++;
    outcome = await attempt(plan, context, deps.signal);
    if (outcome.status === 'pass' || outcome.aborted) break;
    if (attempts > plan.retries) break;
    deps.logger.debug(
      `Check ${plan.name} failed (attempt ${attempts}/${
        plan.retries + 1
      }), retrying: ${outcome.message}`,
    );
    try {
      await sleep(
        Math.min(MAX_RETRY_DELAY_MS, base * 2 ** (attempts - 1)),
        deps.signal,
      );
    } catch {
      outcome = {
        status: 'fail',
        message: abortReason(deps.signal),
        aborted: true,
      };
      break;
    }
  }
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
  const results: (CheckResult | undefined)[] = plans.map(plan =>
    plan.error
      ? {
          name: plan.name,
          type: plan.check?.type,
          namespace: plan.check?.namespace,
          status: 'fail',
          duration: formatDuration(0),
          message: plan.error,
        }
      : undefined,
  );
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
      const blocker = plan.deps.find(d => results[d]!.status !== 'pass');
      if (blocker !== undefined) {
        const upstream = results[blocker]!;
        // A skipped dependency passes its own reason on, so the root failure is named all the way down.
        results[i] = skipped(
          plan,
          upstream.status === 'skip'
            ? upstream.message
            : `Skipped: ${upstream.name} failed, downstream checks aborted`,
        );
      } else if (deps.signal.aborted) {
        results[i] = skipped(
          plan,
          `Skipped: run aborted (${abortReason(deps.signal)})`,
        );
      } else if (running.size < limit) {
        running.set(
          i,
          execute(plan, deps)
            .catch(
              (e): CheckResult => ({
                ...skipped(plan, ''),
                status: 'fail',
                message: describeError(e),
              }),
            )
            .then(r => {
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
