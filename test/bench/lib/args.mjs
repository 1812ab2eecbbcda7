/** `--quick`, `--services N`, `--concurrency N`, `--postgres host:port:user`, `--port N`. */
export function parseArgs(argv) {
  const value = name => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const quick = argv.includes('--quick');
  const services = Number(value('--services') ?? (quick ? 10 : 100));
  return {
    quick,
    services,
    perCluster: Number(value('--concurrency') ?? (quick ? 10 : 10)),
    port: Number(value('--port') ?? 7107),
    postgres: value('--postgres'),
    loadMs: quick ? 4000 : 15000,
    firstRunsTimeoutMs: (quick ? 120 : 600) * 1000,
  };
}
