import type { RunContext } from '../RunContext';

/**
 * Runs the run's cleanups, bounded by the cleanup timeout, and puts what
 * went wrong and what is still terminating into the report's detail.
 */
export async function cleanUp(run: RunContext): Promise<void> {
  const { deps, recorder } = run;
  deps.onStep('cleanup');
  const cleaned = await recorder.timed('cleanup', () =>
    run.cleanups.run(deps.timeoutsMs.cleanup),
  );
  cleaned.errors.forEach(e => recorder.problem(`cleanup failed: ${e}`));
  if (cleaned.left.length)
    recorder.problem(
      `sandboxes still terminating after cleanup: ${cleaned.left.join(
        ', ',
      )} (the reaper will remove them)`,
    );
}
