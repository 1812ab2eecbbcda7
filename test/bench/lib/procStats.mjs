import { readdirSync, readFileSync } from 'node:fs';
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

/** Busy CPU time of the whole machine (ms summed over cores), from /proc/stat. */
function machineBusyMs() {
  const [user, nice, system, , , irq, softirq, steal = 0] = readFileSync(
    '/proc/stat',
    'utf8',
  )
    .split('\n')[0]
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return ((user + nice + system + irq + softirq + steal) * 1000) / TICKS;
}

/** CPU time (ms) of every live process in these process groups, and their reaped children's. */
function groupsCpuMs(groups) {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p))) {
    let stat;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended while listed
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (groups.includes(Number(f[2])))
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
  }
  return (ticks * 1000) / TICKS;
}

const selfCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * The machine is shared: CPU time spent by processes other than the bench and the process groups
 * it started (backends, simulator, PostgreSQL), from now to `stop()`, as a share of all cores.
 */
export function watchOtherLoad(groups) {
  const ours = () => groupsCpuMs(groups()) + selfCpuMs();
  const start = { at: Date.now(), machine: machineBusyMs(), ours: ours() };
  return () => {
    const others = machineBusyMs() - start.machine - (ours() - start.ours);
    const capacity = (Date.now() - start.at) * os.cpus().length;
    return Math.max(0, others / capacity);
  };
}

/** Command lines of other bench or crash-suite runs on the machine right now. */
export function otherSuites() {
  return readdirSync('/proc')
    .filter(p => /^\d+$/.test(p) && Number(p) !== process.pid)
    .map(pid => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      } catch {
        return '';
      }
    })
    .filter(cmd => /test\/(bench|crash|e2e|install)\/run\.mjs/.test(cmd));
}
