import type { LoggerService } from '@backstage/backend-plugin-api';
import type { EventsService } from '@backstage/plugin-events-node';
import { SANDBOX_LABELS } from '@kymaros/plugin-kymaros-common';
import {
  KYMAROS_RUN_COMPLETED_TOPIC,
  KYMAROS_RUN_STARTED_TOPIC,
  type KymarosRunCompletedEvent,
  type KymarosRunStartedEvent,
} from '@kymaros/plugin-kymaros-node';
import type { RecordedRun } from '../reports/recordFinishedRun';
import type { RunObserver, StartedRun } from '../run/RunObserver';
import { describeError } from '../util/errors';

export function startedEvent({
  test,
  runId,
  triggeredBy,
}: StartedRun): KymarosRunStartedEvent {
  return {
    testId: test.id,
    testName: test.name,
    entityRef: test.entityRef,
    cluster: test.cluster,
    runId,
    triggeredBy,
    startedAt: new Date().toISOString(),
  };
}

export function completedEvent({
  test,
  report,
  previous,
}: RecordedRun): KymarosRunCompletedEvent {
  const { status, metadata } = report;
  return {
    testId: test.id,
    testName: test.name,
    entityRef: test.entityRef,
    cluster: test.cluster,
    runId: metadata.labels[SANDBOX_LABELS.run],
    result: status.result,
    score: status.score,
    reportName: metadata.name,
    completedAt: status.completedAt,
    rto: {
      measuredMs: status.rto.measuredMs,
      targetMs: status.rto.targetMs,
      withinTarget: status.rto.withinSLA,
    },
    backupAgeMs: status.rpo?.backupAgeMs ?? status.backup.ageMs,
    regressedLevels: status.regression?.levels,
    previousResult: previous?.status.result,
  };
}

/**
 * Publishes `kymaros.run.started` and `kymaros.run.completed` for the runs
 * this replica starts and records, so other plugins and modules can react.
 * Publishing is in the background: a slow or failing events service never
 * delays a run.
 */
export function runEventsPublisher(
  events: EventsService,
  logger: LoggerService,
): RunObserver {
  const publish = (topic: string, eventPayload: object, testId: string) => {
    events
      .publish({ topic, eventPayload })
      .catch(e =>
        logger.warn(
          `Could not publish ${topic} for ${testId}: ${describeError(e)}`,
        ),
      );
  };
  return {
    runStarted: run =>
      publish(KYMAROS_RUN_STARTED_TOPIC, startedEvent(run), run.test.id),
    runRecorded: recorded =>
      publish(
        KYMAROS_RUN_COMPLETED_TOPIC,
        completedEvent(recorded),
        recorded.test.id,
      ),
  };
}
