import { readFileSync } from 'node:fs';
import os from 'node:os';

// Clock ticks per second of /proc/<pid>/stat; 100 on every Linux this runs on.
const TICKS = 100;

/** RSS (bytes) and CPU time (ms, user + system) of a process, read from /proc. */
export function procStats(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may contain spaces, in parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / TICKS };
}

export const machine = () => ({
  cores: os.cpus().length,
  memGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
  cpu: os.cpus()[0]?.model ?? 'unknown',
  node: process.version,
});
