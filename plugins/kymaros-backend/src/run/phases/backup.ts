import type { BackupRef } from '@kymaros/plugin-kymaros-node';
import { assertSourcesAreNotSandboxes } from '../../sandbox/sourceGuard';
import { BackupProblem } from '../BackupProblem';
import type { RunContext } from '../RunContext';

/** Picks the backup to restore: the one the test names, or the latest covering every source. */
export async function selectBackup(run: RunContext): Promise<BackupRef> {
  const { deps, sources, sandboxes } = run;
  const backup = await run.step('backup', deps.timeoutsMs.sandbox, async () => {
    // Before anything else: a sandbox (or a namespace posing as one) is never a source.
    assertSourcesAreNotSandboxes({
      sources,
      liveLabels: await sandboxes.liveLabels(sources),
      recorded: await Promise.all(sources.map(deps.isRecordedSandbox)),
    });
    const name = run.target.spec.backupSource.backupName;
    const named = name && name !== 'latest' ? name : undefined;
    const found = named
      ? await deps.provider.getBackup(named)
      : await deps.provider.getLatestBackup(sources);
    if (!found) throw new BackupProblem(notFound(run, named));
    return found;
  });
  run.recorder.note({ backup });
  return backup;
}

function notFound({ deps, sources }: RunContext, named?: string): string {
  if (named) return `Backup ${named} was not found by ${deps.provider.name}`;
  const covered =
    sources.length > 1
      ? `all of the namespaces ${sources.join(', ')}`
      : `namespace ${sources[0]}`;
  return `No eligible ${deps.provider.name} backup covers ${covered}: nothing to restore`;
}
