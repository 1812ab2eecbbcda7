import type { BackupItem, BackupRef } from '@kymaros/plugin-kymaros-node';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';

export interface BackupContentsFacts {
  /** The backup, with its size when the provider knows it. */
  backup: BackupRef;
  /** Absent when the provider could not list the backup: completeness is then not measured. */
  items?: BackupItem[];
}

/** Reads what the backup holds; a run goes on without it. */
export async function readBackupContents(
  run: RunContext,
  backup: BackupRef,
): Promise<BackupContentsFacts> {
  const { deps } = run;
  try {
    const contents = await run.step(
      'backup contents',
      deps.timeoutsMs.sandbox,
      signal => deps.provider.getBackupContents(backup, signal),
    );
    const sized = contents.size ? { ...backup, size: contents.size } : backup;
    run.recorder.note({ backup: sized });
    return { backup: sized, items: contents.items };
  } catch (e) {
    deps.logger.warn(
      `Backup contents of ${backup.name} unavailable: ${describeError(e)}`,
    );
    return { backup };
  }
}
