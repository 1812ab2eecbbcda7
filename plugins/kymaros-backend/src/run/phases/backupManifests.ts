import type { BackupManifests, BackupRef } from '@kymaros/plugin-kymaros-node';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';

/** The backup's object bodies, or why the run goes on without them. */
export interface ManifestsRead {
  manifests?: BackupManifests;
  problem?: string;
}

/**
 * Reads the bodies of the backup's objects in the test's namespaces, which
 * endpoint rewrites, per-object transformations and quota sizing need. A run
 * goes on without them: the restore then gets only the transformations that
 * need no bodies, and the report says why.
 */
export async function readBackupManifests(
  run: RunContext,
  backup: BackupRef,
): Promise<ManifestsRead> {
  const read = await readManifests(run, backup);
  run.recorder.note({
    sandboxFidelity: {
      manifestsRead: read.manifests !== undefined,
      ...(read.problem ? { manifestsProblem: read.problem } : {}),
    },
  });
  return read;
}

async function readManifests(
  run: RunContext,
  backup: BackupRef,
): Promise<ManifestsRead> {
  const { deps } = run;
  const read = deps.provider.getBackupManifests?.bind(deps.provider);
  if (!read)
    return {
      problem: `The ${deps.provider.name} provider cannot read object bodies from a backup`,
    };
  try {
    const manifests = await run.step(
      'backup manifests',
      deps.timeoutsMs.sandbox,
      signal => read(backup, run.sources, signal),
    );
    return manifests.truncated
      ? {
          manifests,
          problem: `The backup's objects were read only in part (size bound reached): objects past it were restored without rewrites or per-object changes`,
        }
      : { manifests };
  } catch (e) {
    const problem = `The backup's objects could not be read from ${
      deps.provider.name
    }: ${describeError(e)}`;
    deps.logger.warn(`Backup manifests of ${backup.name}: ${problem}`);
    return { problem };
  }
}
