// The demo backend's Prometheus endpoint (packages/backend/src/instrumentation.js): after the demo's
// runs it serves the kymaros.* instruments with the values the API answers, and the monitoring
// examples (examples/monitoring) name only series and labels it really serves.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

// No page of its own: it runs once, on the new app.
export const apps = ['app'];

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);
const metricsUrl =
  process.env.E2E_METRICS_URL ?? 'http://127.0.0.1:9464/metrics';
// Counted only once a cleanup pass fails, which the demo's runs do not.
const ONLY_ON_FAILURE = new Set(['kymaros_cleanup_failures_total']);

/** The samples of a Prometheus text exposition: name, labels, value. */
function samples(text) {
  return text
    .split('\n')
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/);
      assert.ok(m, `unparsable line: ${line}`);
      const labels = Object.fromEntries(
        [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(l => [
          l[1],
          l[2],
        ]),
      );
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

async function scrape() {
  const res = await fetch(metricsUrl);
  assert.equal(res.status, 200, `${metricsUrl} answered ${res.status}`);
  return samples(await res.text()).filter(s => s.name.startsWith('kymaros_'));
}

/** Differences between the scrape and the API's overview (none when they agree). */
function disagreements(scraped, summary) {
  const found = [];
  for (const item of summary.items) {
    if (item.score === undefined || item.phase === 'Running') continue;
    const score = scraped.find(
      s =>
        s.name === 'kymaros_test_score' &&
        s.labels.kymaros_test_id === item.testId,
    );
    if (score?.value !== item.score)
      found.push(`${item.testId}: score ${score?.value} != ${item.score}`);
  }
  for (const [outcome, count] of Object.entries(summary.counts)) {
    const gauge = scraped
      .filter(
        s =>
          s.name === 'kymaros_tests' &&
          s.labels.kymaros_test_outcome === outcome,
      )
      .reduce((sum, s) => sum + s.value, 0);
    if (gauge !== count) found.push(`${outcome}: ${gauge} tests != ${count}`);
  }
  return found;
}

function examplesExpressions() {
  const rule = parse(
    readFileSync(
      path.join(root, 'examples/monitoring/prometheus-rule.yaml'),
      'utf8',
    ),
  );
  const dashboard = JSON.parse(
    readFileSync(
      path.join(root, 'examples/monitoring/grafana-dashboard.json'),
      'utf8',
    ),
  );
  return [
    ...rule.spec.groups.flatMap(g => g.rules.map(r => r.expr)),
    ...dashboard.panels.flatMap(p => (p.targets ?? []).map(t => t.expr)),
    ...dashboard.templating.list
      .filter(v => v.type === 'query')
      .map(v => v.query.query),
  ];
}

export const scenarios = [
  {
    name: 'the backend serves the Kymaros metrics for Prometheus, as the API reports the runs',
    async run({ api, log }) {
      // A run may end between the two reads: read both again until they agree.
      let found = [];
      let scraped = [];
      for (let attempt = 0; attempt < 10; attempt++) {
        const summary = await api('/summary');
        scraped = await scrape();
        found = disagreements(scraped, summary);
        if (found.length === 0) break;
        await new Promise(r => setTimeout(r, 3000));
      }
      assert.deepEqual(found, [], 'the metrics disagree with /summary');
      const names = new Set(scraped.map(s => s.name));
      for (const name of [
        'kymaros_test_result',
        'kymaros_test_last_run_timestamp',
        'kymaros_test_rto_measured',
        'kymaros_test_rto_target',
        'kymaros_test_backup_age',
        'kymaros_test_rpo_target',
        'kymaros_runs_total',
        'kymaros_run_duration_bucket',
        'kymaros_run_phase_duration_count',
      ])
        assert.ok(names.has(name), `${name} is not served`);
      const runs = scraped
        .filter(s => s.name === 'kymaros_runs_total')
        .reduce((sum, s) => sum + s.value, 0);
      assert.ok(runs >= 1, 'no run counted');
      log(
        `metrics: ${names.size} kymaros series names, ${scraped.length} samples, ${runs} runs counted`,
      );
      // One test's gauges, for whoever reads the log.
      const one = scraped.find(s => s.name === 'kymaros_test_rpo_target')
        ?.labels.kymaros_test_id;
      for (const s of scraped.filter(
        x =>
          x.name.startsWith('kymaros_test_') &&
          x.labels.kymaros_test_id === one,
      ))
        log(
          `  ${s.name}${
            s.labels.kymaros_result ? `{${s.labels.kymaros_result}}` : ''
          } ${s.value}`,
        );
    },
  },
  {
    name: 'the monitoring examples name only series and labels the endpoint serves',
    async run() {
      const scraped = await scrape();
      const names = new Set(scraped.map(s => s.name));
      const labels = new Set(scraped.flatMap(s => Object.keys(s.labels)));
      const unknown = examplesExpressions()
        .flatMap(expr => [...expr.matchAll(/\bkymaros_[a-z0-9_]+/g)])
        .map(([token]) => token)
        .filter(
          t => !names.has(t) && !labels.has(t) && !ONLY_ON_FAILURE.has(t),
        );
      assert.deepEqual([...new Set(unknown)], []);
    },
  },
];
