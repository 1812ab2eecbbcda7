import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { checkFieldsSchema, runLimitsSchema } from './checkDefinition';
import { CheckProblem, describeCheckProblem } from './checkProblem';
import { findCycles } from './dependencyGraph';
import { parseDuration } from '@kymaros/plugin-kymaros-common';
import { settingsProblem } from './validation';

export const DEFAULT_CHECK_TIMEOUT_MS = 30_000;

/** A check definition, validated and ready to schedule. */
export interface CheckPlan {
  check: HealthCheck;
  /** The check's name, or `check #n` for one without. */
  name: string;
  /** Why the definition is unusable: the check fails with exactly this. */
  error?: string;
  /** The same reason as facts, for callers that word it their own way. */
  problem?: CheckProblem;
  type?: CheckType;
  timeoutMs: number;
  /** Attempts in total, as Kymaros counts `retries`: `retries: 3` is three attempts, 0 and 1 are one. */
  attempts: number;
  /** Indices of the checks this one depends on. */
  deps: number[];
}

function fail(plan: CheckPlan, problem: CheckProblem | undefined): void {
  if (!problem || plan.problem) return;
  plan.problem = problem;
  plan.error = describeCheckProblem(plan.name, problem);
}

/** The first problem of the fields every check has, for a check whose name is known to be usable. */
function fieldsProblem(check: HealthCheck): CheckProblem | undefined {
  const result = checkFieldsSchema.safeParse(check);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  const field = issue.path[0];
  if (field === 'name') return { kind: 'noName' };
  if (field === 'type') return { kind: 'noType' };
  if (field === 'dependsOn') return { kind: 'dependsOnNotList' };
  return { kind: 'invalidField', path: issue.path, issue };
}

/** A setting of the check, or else the same setting in its type's block (`httpGet.timeout`). */
function limit(check: HealthCheck, key: 'timeout' | 'retries'): unknown {
  if (check[key] !== undefined) return check[key];
  const block = check[check.type];
  return block && typeof block === 'object'
    ? (block as Record<string, unknown>)[key]
    : undefined;
}

/** Timeout and attempts, from the check or its block, validated by the same rules. */
function applyLimits(plan: CheckPlan): void {
  const limits = {
    timeout: limit(plan.check, 'timeout'),
    retries: limit(plan.check, 'retries'),
  };
  const result = runLimitsSchema.safeParse(limits);
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(plan, { kind: 'invalidField', path: issue.path, issue });
    return;
  }
  if (result.data.timeout !== undefined)
    plan.timeoutMs = parseDuration(result.data.timeout);
  plan.attempts = Math.max(1, result.data.retries ?? 1);
}

function planOne(
  check: HealthCheck,
  index: number,
  types: ReadonlyMap<string, CheckType>,
  defaultTimeoutMs: number,
): CheckPlan {
  const named = typeof check?.name === 'string' && check.name.trim() !== '';
  const plan: CheckPlan = {
    check,
    name: named ? check.name : `check #${index + 1}`,
    timeoutMs: defaultTimeoutMs,
    attempts: 1,
    deps: [],
  };
  if (!named) {
    fail(plan, { kind: 'noName' });
    return plan;
  }
  fail(plan, fieldsProblem(check));
  const type = types.get(check.type);
  if (type) {
    plan.type = type;
    fail(plan, settingsProblem(check, check.type, type.settings));
  } else if (typeof check.type === 'string' && check.type !== '') {
    fail(plan, {
      kind: 'unknownType',
      type: check.type,
      known: [...types.keys()].sort(),
    });
  }
  applyLimits(plan);
  return plan;
}

/** Resolves each plan's dependsOn to indices; names resolve to their first definition. */
function resolveDependencies(plans: CheckPlan[]): void {
  const firstIndex = new Map<string, number>();
  plans.forEach((plan, index) => {
    if (plan.problem?.kind === 'noName') return;
    if (firstIndex.has(plan.name)) fail(plan, { kind: 'duplicateName' });
    else firstIndex.set(plan.name, index);
  });
  for (const plan of plans) {
    const dependsOn = plan.check?.dependsOn;
    if (!Array.isArray(dependsOn)) continue;
    for (const dependency of dependsOn) {
      const index = firstIndex.get(dependency);
      if (index === undefined)
        fail(plan, { kind: 'unknownDependency', dependency });
      else if (!plan.deps.includes(index)) plan.deps.push(index);
    }
  }
}

/**
 * Validates every definition and resolves dependsOn; never throws, every
 * problem becomes a reason. The definition loader plans with this too, so a
 * test that loads never fails planning when it runs.
 */
export function planChecks(
  checks: HealthCheck[],
  types: ReadonlyMap<string, CheckType>,
  defaultTimeoutMs = DEFAULT_CHECK_TIMEOUT_MS,
): CheckPlan[] {
  const plans = checks.map((check, index) =>
    planOne(check, index, types, defaultTimeoutMs),
  );
  resolveDependencies(plans);
  const cycles = findCycles(
    plans.map(p => p.name),
    plans.map(p => p.deps),
  );
  cycles.forEach((cycle, index) =>
    fail(plans[index], { kind: 'cycle', cycle }),
  );
  return plans;
}
