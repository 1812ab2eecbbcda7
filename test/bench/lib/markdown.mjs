const ms = v => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
const mib = (v, digits = 0) =>
  Number.isFinite(v) ? `${(v / 2 ** 20).toFixed(digits)} MiB` : '—';

/** How the backend ran; results from before --production have no `backend` and were dev. */
export const backendLabel = r =>
  r.backend === 'production'
    ? 'backend: production build, plain `node packages/backend` with NODE_ENV=production'
    : 'backend in dev mode';

/** The results as the markdown section docs/benchmarks.md shows. */
export function toMarkdown(r) {
  const rows = [
    [
      'Services (tests)',
      `${r.services}${
        r.withBackups === false ? ' (no backups: first runs end at once)' : ''
      }`,
    ],
    ['concurrency.perCluster', r.perCluster],
    ['Database', r.database],
    ['Backend start (health answers)', ms(r.startMs)],
    ['All first runs reported', ms(r.firstRunsMs)],
    ['Median run RTO (report)', ms(r.rtoMedianMs)],
    ['Backend RSS idle after runs', mib(r.idle.rssBytes)],
    ['Backend heap idle after runs', mib(r.idle.heapUsed)],
    ['Backend CPU time during first runs', ms(r.cpuFirstRunsMs)],
    ['Backend CPU time per idle second', ms(r.idle.cpuMsPerSecond)],
    [
      'Simulator CPU time during first runs / per idle second',
      `${ms(r.simulator?.cpuFirstRunsMs)} / ${ms(
        r.simulator?.cpuMsPerIdleSecond,
      )}`,
    ],
    [
      'DB queries per idle second, all plugins / Kymaros',
      `${r.idle.queriesPerSecond?.toFixed(1) ?? '—'} / ${
        r.idle.kymarosQueriesPerSecond?.toFixed(1) ?? '—'
      }`,
    ],
    [
      'Event-loop delay during first runs: p99 of a median / the worst second',
      `${ms(r.lag.runsMedianP99)} / ${ms(r.lag.runs)}`,
    ],
    [
      'Event-loop delay idle: p99 of the worst second / longest stall',
      `${ms(r.lag.idle)} / ${ms(r.lag.idleMax)}`,
    ],
    ['Backend heap peak during first runs', mib(r.heapPeakFirstRuns)],
    [
      'Backend heap per run in flight (peak − idle) / runs',
      mib((r.heapPeakFirstRuns - r.idle.heapUsed) / r.services, 1),
    ],
    ...(r.liveHeap?.inFlight
      ? [
          [
            'Heap alive after a full collection: with N runs in flight / at rest',
            `${mib(r.liveHeap.inFlight.bytes)} (N = ${
              r.liveHeap.inFlight.runs
            }) / ${mib(r.liveHeap.idle)}`,
          ],
          [
            'Heap alive per run in flight (alive with N − alive at rest) / N',
            mib(
              (r.liveHeap.inFlight.bytes - r.liveHeap.idle) /
                r.liveHeap.inFlight.runs,
              2,
            ),
          ],
        ]
      : []),
    ...(r.otherCpuShare === undefined
      ? []
      : [
          [
            'Other processes on the machine during first runs (share of all cores)',
            `${(r.otherCpuShare * 100).toFixed(0)} %${
              r.otherSuites ? `, ${r.otherSuites} other suite run(s) seen` : ''
            }`,
          ],
        ]),
  ];
  const timingLabels = {
    rtoStartErrorMs: 'RTO start − restore seen starting',
    restoreDoneNoticeDelayMs: 'restore finished → engine moved on',
    podsReadyNoticeDelayMs: 'last pod Ready → engine noticed',
    overheadMs: 'engine overhead (run − restore created-to-ready − checks)',
    cleanupMs: 'cleanup',
    queuedInVeleroMs: 'restore queued in Velero (not RTO)',
  };
  const timing = Object.entries(r.timing ?? {}).map(
    ([key, t]) =>
      `| ${timingLabels[key]} | ${t.runs} | ${ms(t.p50)} | ${ms(t.p99)} | ${ms(
        t.max,
      )} |`,
  );
  const phases = Object.entries(r.phases ?? {}).map(
    ([name, t]) => `| ${name} | ${ms(t.p50)} | ${ms(t.p95)} |`,
  );
  const api = Object.entries(r.api).map(
    ([route, s]) =>
      `| \`${route}\` | ${s.requests} | ${s.errors} | ${ms(s.p50)} | ${ms(
        s.p95,
      )} | ${ms(s.p99)} |`,
  );
  return [
    `### ${r.mode} — ${r.date}`,
    '',
    `Machine: ${r.machine.cores} cores, ${r.machine.memGiB} GiB (${
      r.machine.cpu
    }), Node ${r.machine.node}; commit \`${r.commit}\`; ${backendLabel(r)}.`,
    '',
    '| Figure | Value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    '',
    '| Timing against the cluster (watched) | Runs | p50 | p99 | max |',
    '| --- | --- | --- | --- | --- |',
    ...timing,
    '',
    '| Run phase (report) | p50 | p95 |',
    '| --- | --- | --- |',
    ...phases,
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
