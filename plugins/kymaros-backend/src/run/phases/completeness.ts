import type { BackupItem, RestoreOutcome } from '@kymaros/plugin-kymaros-node';
import {
  compareCompleteness,
  presenceKey,
} from '../../completeness/compareCompleteness';
import { completenessFacts } from '../../completeness/completenessFacts';
import { expectedItems } from '../../completeness/expectedItems';
import { listSandboxObjects } from '../../completeness/listSandboxObjects';
import * as levels from '../../scoring/levels';
import type { RunContext } from '../RunContext';

/**
 * Compares what the backup holds with what the sandboxes now have; judges
 * completeness (skipped when the backup's contents could not be read). A
 * claim whose volume had no data in the backup comes back empty: it counts
 * as missing, whatever the sandbox holds.
 */
export async function measureCompleteness(
  run: RunContext,
  {
    items,
    restore,
    mapping,
    claimsWithoutData = [],
  }: {
    items?: BackupItem[];
    restore: RestoreOutcome;
    mapping: Record<string, string>;
    claimsWithoutData?: { namespace: string; name: string }[];
  },
): Promise<void> {
  const { deps, recorder } = run;
  if (!items) {
    recorder.level(
      'completeness',
      levels.skipped(
        'completeness',
        `The backup's resource list could not be read from ${deps.provider.name}, so completeness was not measured`,
      ),
    );
    return;
  }
  const expected = expectedItems(items, run.sources, restore.items);
  const sandboxOf = (source: string) => mapping[source];
  const compared = await run.step(
    'completeness',
    deps.timeoutsMs.checks,
    async () => {
      const present = await listSandboxObjects(
        run.kubeConfig,
        expected,
        sandboxOf,
      );
      for (const claim of claimsWithoutData)
        present.delete(
          presenceKey(
            'v1',
            'PersistentVolumeClaim',
            sandboxOf(claim.namespace),
            claim.name,
          ),
        );
      return compareCompleteness(expected, present, sandboxOf);
    },
  );
  recorder.note({ completeness: compared });
  recorder.level(
    'completeness',
    levels.completeness(completenessFacts(expected, compared)),
  );
}
