import {
  cleanupOutcome,
  type CleanupOutcome,
} from '../ownership/cleanupRecorded';
import { describeError } from '../util/errors';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { withTimeout } from './withTimeout';

/** Removes something a run created; bounded by the signal. */
export type Cleanup = (signal: AbortSignal) => Promise<CleanupOutcome>;

/**
 * Cleanups of one run, registered as its resources are about to be created
 * and run newest first, so nothing is removed while something created after
 * it (and depending on it) still exists.
 */
export class CleanupStack {
  private readonly cleanups: Cleanup[] = [];

  push(cleanup: Cleanup): void {
    this.cleanups.push(cleanup);
  }

  /**
   * Runs every cleanup within `timeoutMs`: one that fails is reported and the
   * others still run. A hung API must not hold the run (and its lease)
   * forever, so at the limit the rest is abandoned to the reaper.
   */
  async run(timeoutMs: number): Promise<CleanupOutcome> {
    const outcome = cleanupOutcome();
    let overdue = false;
    // Slightly inside the budget, so what is still terminating gets reported by name.
    const signal = AbortSignal.timeout(timeoutMs * 0.9);
    const runAll = async () => {
      for (const cleanup of [...this.cleanups].reverse()) {
        if (overdue) return;
        const done = await cleanup(signal).catch(e =>
          cleanupOutcome([describeError(e)]),
        );
        if (!overdue) merge(outcome, done);
      }
    };
    await withTimeout(
      new AbortController().signal,
      timeoutMs,
      `cleanup took longer than ${formatDuration(timeoutMs)}`,
      runAll,
    ).catch(e => {
      overdue = true;
      outcome.errors.push(describeError(e));
    });
    return outcome;
  }
}

/**
 * A cleanup that waits for a create the run may have left on its way when
 * it stopped: whatever the create makes then exists, and is recorded, before
 * the cleanups under this one (registered before the create) remove what
 * was recorded. Bounded by the cleanup's signal.
 */
export function untilSettled(work: Promise<unknown>, what: string): Cleanup {
  const done = work.then(
    () => true,
    () => true,
  );
  return async signal => {
    let onAbort = () => {};
    const ended = new Promise<boolean>(resolve => {
      onAbort = () => resolve(false);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const settled = !signal.aborted && (await Promise.race([done, ended]));
      return cleanupOutcome(
        settled
          ? []
          : [`${what} had not answered when cleanup ran out of time`],
      );
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  };
}

function merge(into: CleanupOutcome, from: CleanupOutcome): void {
  into.deletedSandboxes.push(...from.deletedSandboxes);
  into.deletedRestores.push(...from.deletedRestores);
  into.left.push(...from.left);
  into.notOurs.push(...from.notOurs);
  // One cause (e.g. a backend that is stopping) reported by several cleanups is said once.
  into.errors.push(...from.errors.filter(e => !into.errors.includes(e)));
}
