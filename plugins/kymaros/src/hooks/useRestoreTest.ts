import { useCallback, useEffect, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { toError, type ErrorLike } from '@backstage/errors';
import type {
  RestoreReport,
  RestoreTestItem,
  RestoreTestStatus,
} from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../api';
import { FALLBACK_POLL_MS, useLiveRefresh } from './useLiveRefresh';

export const DEFAULT_POLL_INTERVAL_MS = FALLBACK_POLL_MS;

/** What identifies the test's latest run result; it changes when a run ends. */
const latestRunKey = (test: RestoreTestItem) =>
  test.status.lastReportName ?? test.status.lastRunAt ?? '';

/** A run that ended while the page was open: its result, as the test's status has it. */
export type FinishedRun = Pick<
  RestoreTestStatus,
  'lastRunAt' | 'lastResult' | 'lastScore' | 'lastReportName'
>;

export interface RestoreTestState {
  test: RestoreTestItem;
  /** Kept reports, newest first. */
  reports: RestoreReport[];
  reportsLoading: boolean;
  reportsError?: Error;
  retryReports: () => void;
  /** The report on screen: the one picked, else the newest. */
  selected?: RestoreReport;
  select: (name: string) => void;
  /** A run was requested here and its report has not arrived yet. */
  awaitingRun: boolean;
  runError?: ErrorLike;
  runNow: () => Promise<void>;
  /** The last reload failed; reloads go on. */
  pollError?: ErrorLike;
  /** The last run that ended while the page was open, until dismissed. */
  finishedRun?: FinishedRun;
  dismissFinished?: () => void;
}

/**
 * One restore test with its reports, kept current: reloaded when a run
 * changes (Backstage signals, else polling while a run is going or was
 * requested here). When its latest run changes the reports are reloaded, the
 * new report is shown and the run is announced as finished.
 */
export function useRestoreTest(
  initial: RestoreTestItem,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
): RestoreTestState {
  const api = useApi(kymarosApiRef);
  const [test, setTest] = useState(initial);
  const [selectedName, setSelectedName] = useState<string>();
  /** Set while waiting for a requested run: the newest report name before it. */
  const [awaiting, setAwaiting] = useState<{ before?: string }>();
  const [runError, setRunError] = useState<ErrorLike>();
  const [pollError, setPollError] = useState<ErrorLike>();

  useEffect(() => setTest(initial), [initial]);

  const reload = useCallback(async () => {
    try {
      setTest(await api.getTest(initial.id));
      setPollError(undefined);
    } catch (e) {
      setPollError(toError(e));
    }
  }, [api, initial.id]);
  useLiveRefresh(
    reload,
    test.status.phase === 'Running' || awaiting !== undefined,
    { pollIntervalMs },
  );

  const runKey = latestRunKey(test);
  const finished = useFinishedRun(test, runKey);
  // Reports that came with the test are current until its latest run changes.
  const preloaded =
    runKey === latestRunKey(initial) ? initial.reports : undefined;
  const reportsState = useAsyncRetry(
    async () => preloaded ?? api.getReports(test.id),
    [api, test.id, runKey, preloaded],
  );
  const reports = reportsState.value ?? preloaded ?? [];
  const newest = reports[0]?.metadata.name;

  // A run ended while the page was open: its report is the one to show.
  useEffect(() => {
    if (finished.finishedRun) setSelectedName(undefined);
  }, [finished.finishedRun]);

  // A new report arrived for the run requested here: show it.
  useEffect(() => {
    if (awaiting && newest && newest !== awaiting.before) {
      setAwaiting(undefined);
      setSelectedName(undefined);
    }
  }, [awaiting, newest]);

  const runNow = useCallback(async () => {
    setRunError(undefined);
    const before = newest;
    try {
      await api.runTest(test.id);
    } catch (e) {
      setRunError(toError(e));
      return;
    }
    setAwaiting({ before });
    await reload();
  }, [api, newest, test.id, reload]);

  const selected =
    reports.find(r => r.metadata.name === selectedName) ?? reports[0];

  return {
    test,
    reports,
    reportsLoading: reportsState.loading && !reportsState.value && !preloaded,
    reportsError: reportsState.error,
    retryReports: reportsState.retry,
    selected,
    select: setSelectedName,
    awaitingRun: awaiting !== undefined,
    runError,
    runNow,
    pollError,
    ...finished,
  };
}

/** The run whose result replaced the one the page opened with (or last announced). */
function useFinishedRun(test: RestoreTestItem, runKey: string) {
  const seenKey = useRef(runKey);
  const [finishedRun, setFinishedRun] = useState<FinishedRun>();
  useEffect(() => {
    if (runKey === seenKey.current) return;
    seenKey.current = runKey;
    const { lastRunAt, lastResult, lastScore, lastReportName } = test.status;
    setFinishedRun({ lastRunAt, lastResult, lastScore, lastReportName });
  }, [runKey, test.status]);
  const dismissFinished = useCallback(() => setFinishedRun(undefined), []);
  return { finishedRun, dismissFinished };
}
