import type { PodFacts } from '../scoring/levels';
import type { WorkloadPods } from './waitForWorkloads';

type Workload = WorkloadPods['workloads'][number];

/** Severity of pods never created: below a crash, above a pod still starting (see podProblem). */
const NEVER_CREATED = 4;

/**
 * What the podStartup level reports, by workload as Kymaros' documented
 * report does (`api`, `worker`), the pods themselves named in the detail.
 * A workload's name is qualified by its source namespace when the run
 * restored several (`web/api`), and by its kind when two kinds share it.
 */
export function podStartupFacts(
  pods: WorkloadPods,
  /** Source namespace of each sandbox. */
  sourceOf: Record<string, string>,
): PodFacts {
  const several = new Set(Object.values(sourceOf)).size > 1;
  const prefix = (namespace: string) =>
    several ? `${sourceOf[namespace] ?? namespace}/` : '';
  const base = (w: Workload) => `${prefix(w.namespace)}${w.name}`;
  const counts = new Map<string, number>();
  for (const w of pods.workloads)
    counts.set(base(w), (counts.get(base(w)) ?? 0) + 1);
  const name = (w: Workload) =>
    counts.get(base(w))! > 1
      ? `${prefix(w.namespace)}${w.kind}/${w.name}`
      : base(w);
  const problems = [
    ...pods.notReady,
    ...pods.missingPods.map(m => ({
      reason: `${prefix(m.namespace)}${m.workload}: ${m.count} pod${
        m.count === 1 ? '' : 's'
      } never created`,
      severity: NEVER_CREATED,
    })),
  ].sort((a, b) => b.severity - a.severity);
  return {
    expected: pods.expected,
    ready: pods.ready,
    readyWorkloads: pods.workloads.filter(w => w.ready >= w.desired).map(name),
    notReadyWorkloads: pods.workloads
      .filter(w => w.ready < w.desired)
      .map(name),
    problems: problems.map(p => p.reason),
    readyAfterMs: pods.allReadyAfterMs,
  };
}
