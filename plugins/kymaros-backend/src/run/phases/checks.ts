import * as levels from '../../scoring/levels';
import type { RunContext } from '../RunContext';

/** Runs the test's health checks in the sandboxes; judges internal health. */
export async function runHealthChecks(
  run: RunContext,
  mapping: Record<string, string>,
): Promise<void> {
  const { deps } = run;
  const checks = await run.step('checks', deps.timeoutsMs.checks, signal =>
    deps.runChecks(run.target.spec.healthChecks?.checks ?? [], {
      kubeConfig: run.kubeConfig,
      sandboxes: mapping,
      labels: run.labels,
      signal,
    }),
  );
  run.recorder.note({ checks });
  run.recorder.level('internalHealth', levels.internalHealth(checks));
}
