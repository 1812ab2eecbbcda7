import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import {
  planSandboxRestore,
  type SandboxRestorePlan,
} from '../../fidelity/planSandboxRestore';
import { strictIsolationNotice } from '../../fidelity/strictIsolationNotice';
import { withoutRestoreEdits } from '../../fidelity/withoutRestoreEdits';
import type { RunContext } from '../RunContext';
import type { ManifestsRead } from './backupManifests';

/**
 * Plans what the restore leaves out and changes so the sandbox runs in
 * isolation: endpoint rewrites for the namespaces restored together,
 * outward-facing kinds neutralised, volumes without data not restored.
 * The report lists all of it.
 */
export function planRestore(
  run: RunContext,
  {
    items,
    read,
    mapping,
  }: {
    items?: BackupItem[];
    read: ManifestsRead;
    mapping: Record<string, string>;
  },
): SandboxRestorePlan {
  const runJobs = run.target.spec.sandbox.runJobs ?? false;
  const planned = planSandboxRestore({
    items,
    manifests: read.manifests,
    manifestsProblem: read.problem,
    mapping,
    runJobs,
  });
  const plan =
    run.deps.provider.appliesEdits === false
      ? withoutRestoreEdits(planned, runJobs)
      : planned;
  const fidelity = {
    ...plan.fidelity,
    transformations: [
      ...plan.fidelity.transformations,
      ...strictIsolationNotice(
        run.target.spec.sandbox.networkIsolation,
        mapping,
        plan.fidelity.rewrites,
      ),
    ],
  };
  run.recorder.note({
    sandboxFidelity: { ...run.recorder.facts.sandboxFidelity, ...fidelity },
  });
  return plan;
}
