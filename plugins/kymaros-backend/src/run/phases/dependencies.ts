import type { LevelResult } from '@kymaros/plugin-kymaros-common';
import { dependencyName } from '../../dependencies/detectDependencies';
import { findDependencies } from '../../dependencies/findDependencies';
import { reportedVerdicts } from '../../dependencies/reportedVerdicts';
import { verifyDependencies } from '../../dependencies/verifyDependencies';
import * as levels from '../../scoring/levels';
import type { RunContext } from '../RunContext';

/** Finds what the restored objects refer to in other namespaces and verifies it is there; judges cross-namespace dependencies. */
export async function checkDependencies(
  run: RunContext,
  { mapping, pods }: { mapping: Record<string, string>; pods: LevelResult },
): Promise<void> {
  // Found and verified within the step, so the run's deadline bounds both.
  const { found, verdicts } = await run.step(
    'dependencies',
    run.deps.timeoutsMs.checks,
    async () => {
      const all = await findDependencies(run.kubeConfig, mapping);
      // Dependencies are only meaningful for an application that started.
      if (all.length && pods.status === 'fail')
        return { found: all, verdicts: undefined };
      return {
        found: all,
        verdicts: await verifyDependencies(run.kubeConfig, all, mapping),
      };
    },
  );
  if (!verdicts) {
    run.recorder.level(
      'crossNamespaceDeps',
      levels.skipped(
        'crossNamespaceDeps',
        'Skipped: pod startup did not complete',
        [...new Set(found.map(dependencyName))],
      ),
    );
    return;
  }
  run.recorder.level(
    'crossNamespaceDeps',
    levels.crossNamespaceDeps({ verdicts: reportedVerdicts(verdicts) }),
  );
}
