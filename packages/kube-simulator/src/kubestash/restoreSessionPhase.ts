/** A condition as KubeStash writes it (kmodules.xyz/client-go api/v1 Condition). */
export interface KubeStashCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ComponentStatus {
  phase?: string;
  error?: string;
  duration?: string;
  progress?: Record<string, unknown>;
}

export interface RestoreSessionStatus {
  phase?: string;
  totalComponents?: number;
  components?: Record<string, ComponentStatus>;
  conditions?: KubeStashCondition[];
  [key: string]: unknown;
}

function condition(
  status: RestoreSessionStatus,
  type: string,
): KubeStashCondition | undefined {
  return status.conditions?.find(c => c.type === type);
}

const isFalse = (s: RestoreSessionStatus, type: string) =>
  condition(s, type)?.status === 'False';
const isTrue = (s: RestoreSessionStatus, type: string) =>
  condition(s, type)?.status === 'True';

/** The phase the components add up to: none yet is Pending, one failed is Failed. */
function componentsPhase(status: RestoreSessionStatus): string {
  const components = Object.values(status.components ?? {});
  if (components.length === 0) return 'Pending';
  const count = (phase: string) =>
    components.filter(c => c.phase === phase).length;
  const total = status.totalComponents ?? components.length;
  const succeeded = count('Succeeded');
  const failed = count('Failed');
  if (succeeded === total) return 'Succeeded';
  if (failed > 0) return 'Failed';
  if (succeeded + count('Unknown') === total) return 'Unknown';
  return 'Running';
}

/**
 * The RestoreSession phase by KubeStash's rules (`CalculatePhase` in
 * kubestash/apimachinery@apis/core/v1alpha1/restoresession_helpers.go):
 * a failed metrics push or validation decides first, a failed hook or
 * executor once metrics are pushed, then the components; `Succeeded` only
 * once the final `MetricsPushed` condition exists, `Running` until then.
 */
export function restoreSessionPhase(status: RestoreSessionStatus): string {
  if (isFalse(status, 'MetricsPushed')) return 'Failed';
  if (isFalse(status, 'ValidationPassed')) return 'Invalid';
  if (
    isTrue(status, 'MetricsPushed') &&
    (isFalse(status, 'PreRestoreHooksExecutionSucceeded') ||
      isFalse(status, 'PostRestoreHooksExecutionSucceeded') ||
      isFalse(status, 'RestoreExecutorEnsured') ||
      isTrue(status, 'RestoreIncomplete'))
  )
    return 'Failed';
  const phase = componentsPhase(status);
  const finalStep = condition(status, 'MetricsPushed') !== undefined;
  if (phase === 'Pending' || finalStep || phase === 'Unknown') return phase;
  return 'Running';
}
