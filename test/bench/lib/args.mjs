/**
 * `--quick`, `--docs`, `--no-backups`, `--services N`, `--concurrency N`, `--postgres host:port:user`,
 * `--port N`, `--production`, `--replicas N`, `--cpu-profile FILE`, `--cpu-profile-idle FILE`.
 */
export function parseArgs(argv) {
  const value = name => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const quick = argv.includes('--quick');
  const services = Number(value('--services') ?? (quick ? 10 : 100));
  return {
    quick,
    /** Write this run's table into docs/benchmarks.md. */
    docs: argv.includes('--docs'),
    /** Tests whose backups do not exist: first runs end at once (measures tests at rest). */
    withBackups: !argv.includes('--no-backups'),
    services,
    perCluster: Number(value('--concurrency') ?? (quick ? 10 : 10)),
    port: Number(value('--port') ?? 7107),
    postgres: value('--postgres'),
    /** The backend as deployed: built, then run with plain node and NODE_ENV=production. */
    production: argv.includes('--production'),
    /** Replicas on one PostgreSQL: first runs timed with 1, then with this many. */
    replicas: Number(value('--replicas') ?? 0),
    /** Where the backend writes a V8 CPU profile of its start and first runs. */
    cpuProfile: value('--cpu-profile'),
    /** Where the backend writes a V8 CPU profile of the idle window only (see lib/profileSummary.mjs). */
    cpuProfileIdle: value('--cpu-profile-idle'),
    loadMs: quick ? 4000 : 15000,
    firstRunsTimeoutMs:
      Number(value('--first-runs-timeout') ?? (quick ? 120 : 900)) * 1000,
  };
}
