// Benchmark harness: N generated services, the standalone simulator and the dev backend; measures
// time to all first runs, backend RSS/CPU/event-loop delay/DB queries and API latency percentiles.
// node test/bench/run.mjs [--quick] [--services N] [--concurrency N] [--postgres host:port:user]
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBackend } from '../crash/lib/backend.mjs';
import {
  postgresDatabase,
  sqliteDatabase,
} from '../crash/lib/backendConfig.mjs';
import { installCleanupHandlers, onCleanup } from '../crash/lib/cleanup.mjs';
import { startSimulator } from '../crash/lib/simulator.mjs';
import { sleep, waitUntil } from '../crash/lib/wait.mjs';
import { parseArgs } from './lib/args.mjs';
import { writeBenchConfig } from './lib/backendConfig.mjs';
import { quickChecks } from './lib/checks.mjs';
import { generateServices } from './lib/generate.mjs';
import { loadRoute } from './lib/load.mjs';
import { toMarkdown } from './lib/markdown.mjs';
import { machine, procStats } from './lib/procStats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = parseArgs(process.argv.slice(2));
const log = m => process.stdout.write(`[bench] ${m}\n`);

installCleanupHandlers();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-bench-'));
onCleanup(() => rmSync(dir, { recursive: true, force: true }));

const probeLines = file =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
    : [];
const maxOf = (lines, key) =>
  lines.length ? Math.max(...lines.map(l => l[key])) : NaN;
const median = v => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

function database() {
  if (!args.postgres)
    return { name: 'SQLite', config: sqliteDatabase(path.join(dir, 'db')) };
  const [host, port, user] = args.postgres.split(':');
  return {
    name: 'PostgreSQL',
    config: postgresDatabase({ host, port: Number(port), user }),
  };
}

async function main() {
  const gen = generateServices({ dir, count: args.services });
  const simulator = await startSimulator({
    root,
    dir,
    scenario: gen.scenarioFile,
  });
  onCleanup(() => simulator.process.stop());
  log(`simulator up with ${args.services} services`);
  const db = database();
  const configFile = path.join(dir, 'bench.app-config.yaml');
  const baseUrl = writeBenchConfig({
    file: configFile,
    port: args.port,
    database: db.config,
    kubeconfigPath: simulator.kubeconfigPath,
    catalogFile: gen.catalogFile,
    perCluster: args.perCluster,
  });
  const probeFile = path.join(dir, 'probe.jsonl');
  // Only the backend (started after the simulator) inherits the probe.
  process.env.NODE_OPTIONS = `${
    process.env.NODE_OPTIONS ?? ''
  } --require ${path.join(here, 'lib/probe.cjs')}`;
  process.env.KYMAROS_BENCH_PROBE_FILE = probeFile;
  const backend = await startBackend({
    root,
    name: 'backend',
    configFile,
    baseUrl,
    logFile: path.join(dir, 'backend.log'),
  });
  log(`backend up in ${backend.startMs} ms (pid ${backend.pid})`);
  const t0 = Date.now();
  const cpu0 = procStats(backend.pid).cpuMs;

  const tests = await waitUntil(
    `all ${args.services} first runs reported`,
    async () => {
      const items = await backend.api.tests();
      const done = items.filter(t => t.status?.lastReportName);
      return (
        items.length === args.services && done.length === items.length && items
      );
    },
    { deadline: t0 + args.firstRunsTimeoutMs, intervalMs: 500 },
  ).catch(e => {
    log(e.message);
    return undefined;
  });
  const firstRunsMs = Date.now() - t0;
  const cpuFirstRunsMs = procStats(backend.pid).cpuMs - cpu0;
  const runsLines = probeLines(probeFile);
  log(
    `first runs: ${
      tests ? 'all reported' : 'NOT all reported'
    } after ${firstRunsMs} ms`,
  );

  const items = tests ?? (await backend.api.tests());
  const reported = items.filter(t => t.status?.lastReportName).length;
  const sample = items[0];
  const reports = sample ? await backend.api.reports(sample.id) : [];
  const rtos = [];
  for (const t of items.slice(0, 20)) {
    const [last] = await backend.api.reports(t.id);
    const v = last?.status?.rto?.measuredMs;
    if (Number.isFinite(v)) rtos.push(v);
  }

  // Idle window: nothing runs (schedules are yearly); what does the backend still cost?
  const idleMs = args.quick ? 5000 : 15000;
  const idleStart = {
    ...procStats(backend.pid),
    lines: probeLines(probeFile).length,
  };
  await sleep(idleMs);
  const idleEnd = procStats(backend.pid);
  const idleLines = probeLines(probeFile).slice(idleStart.lines);
  const queriesIdle = idleLines.length
    ? idleLines.at(-1).queries -
      (probeLines(probeFile)[idleStart.lines - 1]?.queries ?? 0)
    : NaN;

  const api = {};
  const ref = encodeURIComponent(
    sample?.entityRef ?? 'component:default/bench-0000',
  );
  const routes = {
    '/health': `${baseUrl}/api/kymaros/health`,
    '/tests?entityRef': `${baseUrl}/api/kymaros/tests?entityRef=${ref}`,
    '/tests/:id/reports': `${baseUrl}/api/kymaros/tests/${encodeURIComponent(
      sample?.id ?? 'none',
    )}/reports`,
    '/summary': `${baseUrl}/api/kymaros/summary`,
  };
  for (const [route, url] of Object.entries(routes)) {
    api[route] = await loadRoute({
      url,
      token: backend.api.token,
      workers: 4,
      durationMs: args.loadMs,
      maxRequests: 20000,
    });
    log(
      `${route}: p95 ${api[route].p95.toFixed(1)} ms over ${
        api[route].requests
      } requests`,
    );
  }

  const result = {
    mode: args.quick ? 'quick' : 'full',
    date: new Date().toISOString(),
    commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root })
      .toString()
      .trim(),
    machine: machine(),
    services: args.services,
    perCluster: args.perCluster,
    database: db.name,
    startMs: backend.startMs,
    firstRunsMs: tests ? firstRunsMs : NaN,
    reported,
    reportsOfSample: reports.length,
    rtoMedianMs: rtos.length ? median(rtos) : NaN,
    cpuFirstRunsMs,
    idle: {
      rssBytes: idleEnd.rssBytes,
      heapUsed: idleLines.at(-1)?.heapUsed ?? NaN,
      cpuMsPerSecond: ((idleEnd.cpuMs - idleStart.cpuMs) * 1000) / idleMs,
      queriesPerSecond: (queriesIdle * 1000) / idleMs,
    },
    lag: {
      runs: maxOf(runsLines, 'lagP99Ms'),
      idle: maxOf(idleLines, 'lagP99Ms'),
    },
    api,
    checks: [],
  };
  if (args.quick) result.checks = quickChecks(result);
  await backend.process.stop();
  await simulator.stop();
  return result;
}

function save(result) {
  const results = path.join(here, 'results');
  mkdirSync(results, { recursive: true });
  const json = path.join(
    results,
    `${result.mode}-${result.date.replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  const doc = path.join(root, 'docs/benchmarks.md');
  const marker = '<!-- bench:results -->';
  const text = readFileSync(doc, 'utf8');
  const [head] = text.split(marker);
  writeFileSync(doc, `${head}${marker}\n\n${toMarkdown(result)}`);
  log(`wrote ${path.relative(root, json)} and docs/benchmarks.md`);
}

const result = await main();
process.stdout.write(`\n${toMarkdown(result)}\n`);
save(result);
const failed = result.checks.filter(c => !c.ok);
if (failed.length) {
  for (const c of failed) process.stderr.write(`[bench] FAIL: ${c.what}\n`);
  process.exit(1);
}
process.exit(0);
