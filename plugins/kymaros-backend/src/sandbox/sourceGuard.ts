import { InputError } from '@backstage/errors';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';

/**
 * Refuses source namespaces that are sandboxes (recorded for some run) or
 * carry the engine's managed-by label: restoring "from" them would test
 * nothing, and a forged label must not make the engine treat one as its own.
 */
export function assertSourcesAreNotSandboxes(c: {
  sources: string[];
  /** Labels of each source namespace now (undefined when it does not exist). */
  liveLabels: Record<string, Record<string, string> | undefined>;
  /** Per source, in order: whether it is recorded as a sandbox. */
  recorded: boolean[];
}): void {
  const problems = c.sources.flatMap((source, i) => {
    if (c.recorded[i]) return [`"${source}" is a sandbox of a restore run`];
    if (c.liveLabels[source]?.[SANDBOX_LABELS.managedBy] === MANAGED_BY_VALUE)
      return [
        `"${source}" carries the label ${SANDBOX_LABELS.managedBy}=${MANAGED_BY_VALUE} reserved for sandboxes`,
      ];
    return [];
  });
  if (problems.length)
    throw new InputError(
      `Source namespace refused: ${problems.join(
        '; ',
      )}. A restore test restores from the service's own namespaces, never from a sandbox.`,
    );
}
