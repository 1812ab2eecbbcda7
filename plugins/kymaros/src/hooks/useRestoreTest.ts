import { useCallback, useEffect, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { toError, type ErrorLike } from '@backstage/errors';
import type {
  RestoreReport,
  RestoreTestItem,
} from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../api';

export const DEFAULT_POLL_INTERVAL_MS = 5000;

/** What identifies the test's latest run result; it changes when a run ends. */
const latestRunKey = (test: RestoreTestItem) =>
  test.status.lastReportName ?? test.status.lastRunAt ?? '';

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
  /** The last poll failed; polling goes on. */
  pollError?: ErrorLike;
}

/**
 * One restore test with its reports. While a run is in progress, or after
 * "Run now" until a new report appears, the test is polled; when its latest
 * run changes the reports are reloaded and the new report is shown.
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
  const [tick, setTick] = useState(0);

  useEffect(() => setTest(initial), [initial]);

  const runKey = latestRunKey(test);
  // Reports that came with the test are current until its latest run changes.
  const preloaded =
    runKey === latestRunKey(initial) ? initial.reports : undefined;
  const reportsState = useAsyncRetry(
    async () => preloaded ?? api.getReports(test.id),
    [api, test.id, runKey, preloaded],
  );
  const reports = reportsState.value ?? preloaded ?? [];
  const newest = reports[0]?.metadata.name;

  // A new report arrived for the run requested here: show it.
  useEffect(() => {
    if (awaiting && newest && newest !== awaiting.before) {
      setAwaiting(undefined);
      setSelectedName(undefined);
    }
  }, [awaiting, newest]);

  const polling = test.status.phase === 'Running' || awaiting !== undefined;
  useEffect(() => {
    if (!polling) return undefined;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const fresh = await api.getTest(test.id);
        if (!cancelled) {
          setTest(fresh);
          setPollError(undefined);
        }
      } catch (e) {
        if (!cancelled) setPollError(toError(e));
      }
      if (!cancelled) setTick(t => t + 1);
    }, pollIntervalMs);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, polling, pollIntervalMs, test.id, tick]);

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
    setTick(t => t + 1);
  }, [api, newest, test.id]);

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
  };
}
