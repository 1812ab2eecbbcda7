import { InputError } from '@backstage/errors';
import type { ResourceQuotaSpec } from '@kymaros/plugin-kymaros-common';
import {
  requestedSandboxNameProblems,
  requestedSandboxNames,
} from '../../sandbox/requestedSandboxNames';
import { untilSettled } from '../CleanupStack';
import type { RunContext } from '../RunContext';

/**
 * Creates one sandbox per source namespace, under the name the test asks
 * for (`sandboxName`) or a generated one, with its quota (sized per source
 * when given) and egress allow-list; returns the mapping source → sandbox.
 */
export async function createSandboxes(
  run: RunContext,
  quotaBySource?: Record<string, ResourceQuotaSpec>,
): Promise<Record<string, string>> {
  const { deps, target, runId, recorder } = run;
  const { spec } = target;
  const { namespaces } = spec.backupSource;
  // The definition loader refuses these; nothing is recorded or created if one gets through.
  const problems = requestedSandboxNameProblems(
    namespaces,
    deps.protectedNamespaces,
  );
  if (problems.length) throw new InputError(problems.join('; '));
  // Registered before the first record is written, so whatever gets recorded is cleaned up.
  run.cleanups.push(signal => deps.cleanup(signal, 'Namespace'));
  const recording = deps.recorder.sandboxes();
  return run.step('sandbox', deps.timeoutsMs.sandbox, signal => {
    const creating = run.sandboxes.create(
      {
        runId,
        testName: target.testName,
        testId: target.testId,
        entityRef: target.entityRef,
        sources: run.sources,
        names: requestedSandboxNames(namespaces),
        prefix: spec.sandbox.namespacePrefix,
        isolation: spec.sandbox.networkIsolation,
        quota: spec.sandbox.resourceQuota,
        quotaBySource,
        egress: spec.sandbox.egress,
        limits: spec.sandbox.limitRange,
        expiresAt: deps.sandboxExpiresAt,
      },
      {
        ...recording,
        created: async (source, sandbox, uid) => {
          await recording.created(source, sandbox, uid);
          recorder.facts.sandboxes[source] = sandbox;
        },
      },
      signal,
    );
    // Runs before the sandboxes' removal: a create still on its way when the run stopped lands, and is recorded, first.
    run.cleanups.push(untilSettled(creating, 'a sandbox create'));
    return creating;
  });
}
