const ms = v => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
const mib = v => (Number.isFinite(v) ? `${(v / 2 ** 20).toFixed(0)} MiB` : '—');

/** The results as the markdown section docs/benchmarks.md shows. */
export function toMarkdown(r) {
  const rows = [
    ['Services (tests)', r.services],
    ['concurrency.perCluster', r.perCluster],
    ['Database', r.database],
    ['Backend start (health answers)', ms(r.startMs)],
    ['All first runs reported', ms(r.firstRunsMs)],
    ['Median run RTO (report)', ms(r.rtoMedianMs)],
    ['Backend RSS idle after runs', mib(r.idle.rssBytes)],
    ['Backend heap idle after runs', mib(r.idle.heapUsed)],
    ['Backend CPU time during first runs', ms(r.cpuFirstRunsMs)],
    ['Backend CPU time per idle second', ms(r.idle.cpuMsPerSecond)],
    ['DB queries per idle second', r.idle.queriesPerSecond?.toFixed(1) ?? '—'],
    [
      'Event-loop delay, worst 1 s p99 (start + first runs / idle)',
      `${ms(r.lag.runs)} / ${ms(r.lag.idle)}`,
    ],
  ];
  const api = Object.entries(r.api).map(
    ([route, s]) =>
      `| \`${route}\` | ${s.requests} | ${s.errors} | ${ms(s.p50)} | ${ms(
        s.p95,
      )} | ${ms(s.p99)} |`,
  );
  return [
    `### ${r.mode} — ${r.date}`,
    '',
    `Machine: ${r.machine.cores} cores, ${r.machine.memGiB} GiB (${r.machine.cpu}), Node ${r.machine.node}; commit \`${r.commit}\`; backend in dev mode.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| Route (loopback, 4 in flight) | Requests | Errors | p50 | p95 | p99 |',
    '| --- | --- | --- | --- | --- | --- |',
    ...api,
    '',
    ...(r.checks.length
      ? [
          'Checks:',
          '',
          ...r.checks.map(c => `- ${c.ok ? 'pass' : 'FAIL'}: ${c.what}`),
          '',
        ]
      : []),
  ].join('\n');
}
