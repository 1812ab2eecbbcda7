import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  RestoreReport,
  RunEvidence,
} from '@kymaros/plugin-kymaros-common';
import type {
  KymarosStore,
  StoredTest,
  TestState,
} from '../store/KymarosStore';
import { nextRunAt } from '../scheduling/taskCadence';
import {
  buildReportStatus,
  type ReportContext,
  type ReportVerdict,
  reportVerdict,
} from './buildReportStatus';
import type { ReportFacts } from './reportFacts';
import { detectRegression } from './regression';
import { saveReport } from './saveReport';
import { describeError } from '../util/errors';

export interface RecordingContext {
  store: KymarosStore;
  logger: LoggerService;
  /** Reports kept per test when its spec does not say. */
  historyLimit: number;
  /**
   * Told of each run once its report is saved, on the replica that saved
   * it; called synchronously and must return at once (notifications queue).
   */
  onRecorded?: (recorded: RecordedRun) => void;
}

/** A run whose report was saved, with the test's report before it. */
export interface RecordedRun {
  test: StoredTest;
  report: RestoreReport;
  previous?: RestoreReport;
}

export interface FinishedRun {
  test: StoredTest;
  runId: string;
  facts: ReportFacts;
  /** What the run kept of its sandboxes, stored beside its report. */
  evidence?: RunEvidence;
  report: Omit<ReportContext, 'regression'>;
}

/**
 * Who ends the run: the runner its own run, or a reaper a run whose lease
 * expired, which it must claim first (exactly one replica gets to report it).
 */
export type RunEnding = { by: 'runner' } | { by: 'reaper'; now: Date };

/**
 * Records a finished run: its report, with the regression against the
 * previous report, and the test's run state. False when another reaper
 * claimed the run first.
 */
export async function recordFinishedRun(
  context: RecordingContext,
  run: FinishedRun,
  ending: RunEnding,
): Promise<boolean> {
  const verdict = reportVerdict(run.facts);
  if (ending.by === 'reaper') {
    if (!(await finishExpiredRun(context, run, verdict, ending.now)))
      return false;
  } else {
    await finishOwnRun(context, run, verdict);
  }
  const { detail } = run.facts;
  context.logger.info(
    `Restore test ${run.test.id}: ${verdict.result} ${verdict.score}/100${
      detail ? ` (${detail})` : ''
    }`,
  );
  return true;
}

async function finishOwnRun(
  context: RecordingContext,
  run: FinishedRun,
  verdict: ReportVerdict,
): Promise<void> {
  const { test, runId } = run;
  let saved: RecordedRun | undefined;
  try {
    saved = await saveWithRegression(context, run, verdict, new Date());
  } finally {
    // Whatever happened to the report, the test must not stay Running.
    await context.store.finishRun(test.id, runId, {
      ...finishedState(verdict),
      lastReportName: saved?.report.metadata.name,
      nextRunAt: test.spec ? nextRunAt(test.spec.schedule, test.id) : undefined,
    });
  }
  announce(context, saved);
}

async function finishExpiredRun(
  context: RecordingContext,
  run: FinishedRun,
  verdict: ReportVerdict,
  now: Date,
): Promise<boolean> {
  const { test, runId } = run;
  // The claim comes before any write, so a run is reported once across replicas.
  const claimed = await context.store.claimExpiredRun(
    test.id,
    runId,
    now,
    finishedState(verdict),
  );
  if (!claimed) return false;
  const saved = await saveWithRegression(context, run, verdict, now);
  if (saved)
    await context.store.updateState(test.id, {
      lastReportName: saved.report.metadata.name,
    });
  announce(context, saved);
  return true;
}

async function saveWithRegression(
  context: RecordingContext,
  run: FinishedRun,
  verdict: ReportVerdict,
  createdAt: Date,
): Promise<RecordedRun | undefined> {
  const { store, logger } = context;
  const { test, runId } = run;
  const [previous] = await store.listReports(test.id, 1);
  const status = buildReportStatus(run.facts, {
    ...run.report,
    // An interrupted run says nothing about the backup (its backend died).
    regression:
      run.facts.kind === 'interrupted'
        ? undefined
        : detectRegression(verdict, previous),
  });
  const report = await saveReport(store, {
    test,
    runId,
    status,
    createdAt,
    historyLimit: test.spec?.historyLimit ?? context.historyLimit,
    logger,
  });
  if (report && run.evidence)
    await keepEvidence(context, report.metadata.name, run.evidence);
  return report && { test, report, previous };
}

/** Stores the run's evidence; a failure loses the evidence, never the report. */
async function keepEvidence(
  context: RecordingContext,
  reportName: string,
  evidence: RunEvidence,
): Promise<void> {
  try {
    await context.store.insertEvidence(reportName, evidence);
  } catch (e) {
    context.logger.warn(
      `Could not keep the logs and events of report ${reportName}: ${describeError(
        e,
      )}`,
    );
  }
}

/** Tells the listener, which may neither delay nor fail the recording. */
function announce(context: RecordingContext, recorded?: RecordedRun): void {
  if (!recorded || !context.onRecorded) return;
  try {
    context.onRecorded(recorded);
  } catch (e) {
    context.logger.warn(
      `Listener of recorded runs failed for ${
        recorded.test.id
      }: ${describeError(e)}`,
    );
  }
}

function finishedState(verdict: ReportVerdict): Partial<TestState> {
  return {
    phase:
      !verdict.complete || verdict.result === 'error' ? 'Failed' : 'Completed',
    step: undefined,
    lastRunAt: verdict.completedAt.toISOString(),
    lastScore: verdict.score,
    lastResult: verdict.result,
  };
}
