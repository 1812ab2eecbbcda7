import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { waitUntil } from '../../crash/lib/wait.mjs';

/**
 * The probe's lines in `file`; with `pid`, only that process's (child
 * processes inherit NODE_OPTIONS, so they write lines too).
 */
export const probeLines = (file, pid) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
        .filter(l => pid === undefined || l.pid === pid)
    : [];

export const maxOf = (lines, key) =>
  lines.length ? Math.max(...lines.map(l => l[key])) : NaN;

export const median = v =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** The backend's heap right after a full collection the probe is asked for (outside the timed windows). */
export async function collectedHeap(file, pid) {
  const gcs = () => probeLines(file, pid).at(-1)?.majorGcs ?? 0;
  const before = gcs();
  writeFileSync(`${file}.gc`, '');
  await waitUntil('a full collection', () => gcs() > before, {
    deadline: Date.now() + 15_000,
  }).catch(() => undefined);
  return probeLines(file, pid).at(-1)?.liveHeap ?? NaN;
}
