import { useEffect, useRef } from 'react';
import { useSignal } from '@backstage/plugin-signals-react';
import {
  KYMAROS_RUNS_CHANNEL,
  type RunSignal,
} from '@kymaros/plugin-kymaros-common';

/** Without signals: how often a page reloads while a run it shows is going. */
export const FALLBACK_POLL_MS = 3_000;
/** Without signals: reloads per run at most (ten minutes at 3 s), so a stuck run is not polled forever. */
export const FALLBACK_POLL_LIMIT = 200;
/** With signals: least time between two reloads; a burst of steps reloads once, then once more at its end. */
export const SIGNAL_RELOAD_GAP_MS = 1_000;

export interface LiveRefreshOptions {
  /** Without signals, the polling interval (default {@link FALLBACK_POLL_MS}). */
  pollIntervalMs?: number;
}

/**
 * Keeps a page current while runs change. With Backstage signals, `reload`
 * is called when any run starts, reaches a step or ends (the message names
 * no test: the page reads what changed through the API). Without them it
 * polls, only while `running` (a run the page shows is going, or was just
 * requested), and at most {@link FALLBACK_POLL_LIMIT} times in a row. When
 * nothing runs, nothing is requested.
 */
export function useLiveRefresh(
  reload: () => void,
  running: boolean,
  options: LiveRefreshOptions = {},
): { viaSignals: boolean } {
  const { lastSignal, isSignalsAvailable } =
    useSignal<RunSignal>(KYMAROS_RUNS_CHANNEL);
  const latest = useRef(reload);
  latest.current = reload;

  useSignalReloads(lastSignal, () => latest.current());

  const pollMs = options.pollIntervalMs ?? FALLBACK_POLL_MS;
  useEffect(() => {
    if (isSignalsAvailable || !running) return undefined;
    let polls = 0;
    const timer = setInterval(() => {
      polls += 1;
      if (polls >= FALLBACK_POLL_LIMIT) clearInterval(timer);
      latest.current();
    }, pollMs);
    return () => clearInterval(timer);
  }, [isSignalsAvailable, running, pollMs]);

  return { viaSignals: isSignalsAvailable };
}

/** Reloads on each signal, at most once per gap, always once after the last of a burst. */
function useSignalReloads(signal: RunSignal | null, reload: () => void) {
  const lastAt = useRef(-Infinity);
  const pending = useRef<ReturnType<typeof setTimeout>>();
  const reloadRef = useRef(reload);
  reloadRef.current = reload;

  useEffect(() => {
    if (!signal || pending.current) return;
    const fire = () => {
      pending.current = undefined;
      lastAt.current = Date.now();
      reloadRef.current();
    };
    const wait = lastAt.current + SIGNAL_RELOAD_GAP_MS - Date.now();
    if (wait <= 0) fire();
    else pending.current = setTimeout(fire, wait);
  }, [signal]);

  useEffect(() => () => clearTimeout(pending.current), []);
}
