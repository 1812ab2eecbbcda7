import type { LoggerService } from '@backstage/backend-plugin-api';
import type { CleanupOutcome } from '../ownership/cleanupRecorded';
import type { RecordedRun } from '../reports/recordFinishedRun';
import type { StoredTest } from '../store/KymarosStore';
import { describeError } from '../util/errors';

/** A run this replica claimed and is starting. */
export interface StartedRun {
  test: StoredTest;
  runId: string;
  /** `schedule`, or the user who asked (`user:default/jane`). */
  triggeredBy: string;
}

/**
 * One pass deleting recorded objects, by a run's runner or by the reaper;
 * `errors` are what could not be deleted (left for the reaper's next pass).
 */
export interface FinishedCleanup extends CleanupOutcome {
  by: 'runner' | 'reaper';
  cluster: string;
}

/**
 * Hears of runs on this replica: notifications, events, metrics. Every
 * method is called synchronously and must return at once; an observer
 * neither delays nor fails a run (what it throws is logged).
 */
export interface RunObserver {
  runStarted?(run: StartedRun): void;
  /** A run's report was saved: by its runner, or by the reaper for an interrupted run. */
  runRecorded?(recorded: RecordedRun): void;
  cleanupFinished?(cleanup: FinishedCleanup): void;
}

/** All observers as one, each call guarded. */
export function combineRunObservers(
  observers: readonly RunObserver[],
  logger: LoggerService,
): Required<RunObserver> {
  const tell = <K extends keyof RunObserver>(
    method: K,
    arg: Parameters<Required<RunObserver>[K]>[0],
  ) => {
    for (const observer of observers) {
      try {
        (observer[method] as ((a: typeof arg) => void) | undefined)?.call(
          observer,
          arg,
        );
      } catch (e) {
        logger.warn(`A run observer (${method}) failed: ${describeError(e)}`);
      }
    }
  };
  return {
    runStarted: run => tell('runStarted', run),
    runRecorded: recorded => tell('runRecorded', recorded),
    cleanupFinished: cleanup => tell('cleanupFinished', cleanup),
  };
}
