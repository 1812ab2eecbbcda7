import type {
  RestoreResult,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';

/**
 * Events the Kymaros backend publishes on the Backstage events service
 * (`eventsServiceRef` from `@backstage/plugin-events-node`). Subscribe with
 * `events.subscribe({ id, topics: [KYMAROS_RUN_COMPLETED_TOPIC], onEvent })`.
 * Without `@backstage/plugin-events-backend`'s event bus they reach
 * subscribers in the same backend process only.
 *
 * @public
 */
export const KYMAROS_RUN_STARTED_TOPIC = 'kymaros.run.started';

/** @public */
export const KYMAROS_RUN_COMPLETED_TOPIC = 'kymaros.run.completed';

/**
 * Payload of `kymaros.run.started`: a replica claimed a run of a test
 * (it may still wait for a free slot in its cluster).
 *
 * @public
 */
export interface KymarosRunStartedEvent {
  /** The restore test: `<entity ref>:<test name>`. */
  testId: string;
  testName: string;
  entityRef: string;
  cluster: string;
  runId: string;
  /** `schedule`, or the user or service that asked. */
  triggeredBy: string;
  /** RFC 3339. */
  startedAt: string;
}

/**
 * Payload of `kymaros.run.completed`: a run's report was saved, by the
 * replica that ran it or, for an interrupted run, by the reaper.
 *
 * @public
 */
export interface KymarosRunCompletedEvent {
  testId: string;
  testName: string;
  entityRef: string;
  cluster: string;
  runId?: string;
  result: RestoreResult;
  /** 0 to 100. */
  score: number;
  reportName: string;
  /** RFC 3339, when validation finished or the run ended short of it. */
  completedAt: string;
  rto: { measuredMs?: number; targetMs?: number; withinTarget: boolean };
  /** Absent when the run never learnt its backup's age. */
  backupAgeMs?: number;
  /** Levels that passed before and fail now, when the report records a regression. */
  regressedLevels?: ValidationLevelKey[];
  /** The previous report's result, when there was one. */
  previousResult?: RestoreResult;
}
