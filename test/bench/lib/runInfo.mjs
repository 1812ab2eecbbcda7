import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { machine } from './procStats.mjs';

/** What every result starts with: when, on what, with which build of which commit. */
export const runInfo = ({ root, args, build }) => ({
  mode: args.quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root })
    .toString()
    .trim(),
  machine: machine(),
  backend: build ? 'production' : 'dev',
  buildMs: build?.buildMs,
  services: args.services,
  withBackups: args.withBackups,
  perCluster: args.perCluster,
});

/** Environment that loads the probe (lib/probe.cjs) into a backend, writing to `probeFile`. */
export const probeEnv = (probeFile, cpuProfile, cpuProfileIdle) => ({
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${path.join(
    path.dirname(new URL(import.meta.url).pathname),
    'probe.cjs',
  )}`,
  KYMAROS_BENCH_PROBE_FILE: probeFile,
  ...(cpuProfile && { KYMAROS_BENCH_CPU_PROFILE: path.resolve(cpuProfile) }),
  ...(cpuProfileIdle && {
    KYMAROS_BENCH_CPU_PROFILE_IDLE: path.resolve(cpuProfileIdle),
  }),
});
