import type { RunContext } from '../RunContext';

/** Creates one sandbox per source namespace; returns the mapping source → sandbox. */
export async function createSandboxes(
  run: RunContext,
): Promise<Record<string, string>> {
  const { deps, target, runId, recorder } = run;
  const { spec } = target;
  // Registered before the first record is written, so whatever gets recorded is cleaned up.
  run.cleanups.push(signal => deps.cleanup(signal, 'Namespace'));
  const recording = deps.recorder.sandboxes();
  return run.step('sandbox', deps.timeoutsMs.sandbox, () =>
    run.sandboxes.create(
      {
        runId,
        testName: target.testName,
        testId: target.testId,
        entityRef: target.entityRef,
        sources: run.sources,
        prefix: spec.sandbox.namespacePrefix,
        isolation: spec.sandbox.networkIsolation,
        quota: spec.sandbox.resourceQuota,
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
    ),
  );
}
