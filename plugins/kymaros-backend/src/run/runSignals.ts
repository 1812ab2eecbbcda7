import type { LoggerService } from '@backstage/backend-plugin-api';
import type { SignalsService } from '@backstage/plugin-signals-node';
import {
  KYMAROS_RUNS_CHANNEL,
  type RunSignal,
} from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';

/** Told when a run of a test started, reached its next step or finished. */
export type RunChangeListener = (
  event: RunSignal['event'],
  testId: string,
) => void;

/**
 * Announces run changes on the `kymaros:runs` signals channel, so open
 * portal pages reload. Broadcast (the signals service cannot tell who may
 * read an entity), hence without test, step or result: pages fetch those
 * through the permission-checked API. Without the signals backend in the
 * host, messages go to the events bus and nobody hears them. Publishing
 * never delays or fails a run.
 */
export function runSignalsPublisher(
  signals: SignalsService,
  logger: LoggerService,
): RunChangeListener {
  return (event, testId) => {
    const message: RunSignal = { event };
    signals
      .publish({
        recipients: { type: 'broadcast' },
        channel: KYMAROS_RUNS_CHANNEL,
        message,
      })
      .catch(e =>
        logger.debug(
          `Could not announce that a run of ${testId} ${event}: ${describeError(
            e,
          )}`,
        ),
      );
  };
}
