import { seconds } from './wait.mjs';

const COLUMNS = [
  ['section', r => r.section],
  ['phase', r => r.phase],
  ['test', r => r.test.replace(/^component:default\//, '').replace(/:.*$/, '')],
  ['step at kill', r => r.step],
  ['kill→lease expiry', r => seconds(r.killToLease)],
  [
    'lease→cluster clean',
    r => (r.heldNothing ? 'held none' : seconds(r.leaseToClean)),
  ],
  ['lease→error report', r => seconds(r.leaseToReport)],
  ['lease→next run', r => seconds(r.leaseToNextRun)],
  ['next run', r => r.nextRun ?? ''],
  ['backend up after', r => seconds(r.restartMs)],
];

/** The measured figures as an aligned text table ("—" where a step never happened). */
export function formatFigures(rows) {
  const cells = [
    COLUMNS.map(([title]) => title),
    ...rows.map(r => COLUMNS.map(([, get]) => String(get(r) ?? ''))),
  ];
  const widths = COLUMNS.map((_, i) =>
    Math.max(...cells.map(c => c[i].length)),
  );
  return cells
    .map(c =>
      c
        .map((v, i) => v.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One row as a line: the figures of one interrupted run. */
export function summarize(row) {
  return COLUMNS.slice(2)
    .map(([title, get]) => `${title} ${get(row) || '—'}`)
    .join(', ');
}
