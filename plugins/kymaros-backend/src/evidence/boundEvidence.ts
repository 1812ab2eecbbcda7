import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import { boundLists } from './boundLists';
import { boundMessages } from './boundMessages';

/** All container logs of one run together. */
export const MAX_RUN_LOG_BYTES = 512 * 1024;
/** Events kept per run, newest first. */
export const MAX_RUN_EVENTS = 300;
/** Below this, a log cut in half says nothing: it is replaced by a marker. */
const MIN_USEFUL_LOG = 256;

const bytes = (text: string) => Buffer.byteLength(text);

/** The last `max` bytes of `text`, starting at a whole line when one fits. */
function tail(text: string, max: number): string {
  const cut = Buffer.from(text).subarray(-max).toString('utf8');
  const newline = cut.indexOf('\n');
  return newline >= 0 && newline < cut.length - 1
    ? cut.slice(newline + 1)
    : cut;
}

/**
 * Keeps a run's evidence within bounds: the longest log is halved (keeping
 * its tail, where a crash is) until all fit, events are the newest few,
 * and every message is cut short. Runs after redaction: a Secret value
 * cut in two would no longer be found. Says what it left out.
 */
export function boundEvidence(evidence: RunEvidence): RunEvidence {
  const omitted: string[] = [...(evidence.omitted ?? [])];
  const logs = evidence.podLogs.flatMap(p => p.containers);
  let total = logs.reduce((n, c) => n + bytes(c.log), 0);
  let cut = 0;
  while (total > MAX_RUN_LOG_BYTES) {
    const longest = logs.reduce((a, b) =>
      bytes(b.log) > bytes(a.log) ? b : a,
    );
    const before = bytes(longest.log);
    const half = Math.floor(before / 2);
    longest.log =
      half < MIN_USEFUL_LOG
        ? '[cut: the logs of this run exceed 512 KiB]'
        : tail(longest.log, half);
    longest.truncated = true;
    longest.totalLines = longest.log.split('\n').filter(Boolean).length;
    total -= before - bytes(longest.log);
    cut++;
  }
  if (cut)
    omitted.push(
      `logs cut ${cut} time(s), longest first, to keep the run's logs under 512 KiB`,
    );
  const events = [...evidence.events]
    .sort((a, b) => b.lastTimestamp.localeCompare(a.lastTimestamp))
    .slice(0, MAX_RUN_EVENTS);
  if (evidence.events.length > MAX_RUN_EVENTS)
    omitted.push(
      `${
        evidence.events.length - MAX_RUN_EVENTS
      } older events left out (${MAX_RUN_EVENTS} kept)`,
    );
  const bounded: RunEvidence = boundMessages(
    boundLists({ ...evidence, events }, omitted),
  );
  if (omitted.length) bounded.omitted = omitted;
  else delete bounded.omitted;
  return bounded;
}
