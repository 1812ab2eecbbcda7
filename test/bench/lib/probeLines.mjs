import { existsSync, readFileSync } from 'node:fs';

// Child processes inherit NODE_OPTIONS too: keep the backend's own lines.
export const probeLines = (file, pid) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
        .filter(l => l.pid === pid)
    : [];

export const maxOf = (lines, key) =>
  lines.length ? Math.max(...lines.map(l => l[key])) : NaN;

export const median = v =>
  [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
