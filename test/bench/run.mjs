// Benchmark harness: N generated services, the standalone simulator and the dev backend; measures
// time to all first runs, backend RSS/CPU/event-loop delay/DB queries and API latency percentiles.
// node test/bench/run.mjs [--quick] [--docs] [--services N] [--concurrency N] [--no-backups]
//   [--first-runs-timeout S] [--postgres host:port:user|auto] [--port N] [--cpu-profile FILE]
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
import { startPostgres } from '../crash/lib/postgres.mjs';
import { startSimulator } from '../crash/lib/simulator.mjs';
import { sleep, waitUntil } from '../crash/lib/wait.mjs';
import { parseArgs } from './lib/args.mjs';
import { writeBenchConfig } from './lib/backendConfig.mjs';
import { quickChecks } from './lib/checks.mjs';
import { generateServices } from './lib/generate.mjs';
import { compareWithTruth, watchGroundTruth } from './lib/groundTruth.mjs';
import { loadRoute, percentile } from './lib/load.mjs';
import { toMarkdown } from './lib/markdown.mjs';
import { machine, procStats } from './lib/procStats.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = parseArgs(process.argv.slice(2));
const log = m => process.stdout.write(`[bench] ${m}\n`);

installCleanupHandlers();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-bench-'));
onCleanup(() => rmSync(dir, { recursive: true, force: true }));

// Child processes inherit NODE_OPTIONS too: keep the backend's own lines.
const probeLines = (file, pid) =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map(l => JSON.parse(l))
        .filter(l => l.pid === pid)
    : [];
const maxOf = (lines, key) =>
  lines.length ? Math.max(...lines.map(l => l[key])) : NaN;
/** Queries made between two probe lines: all, Kymaros' own, and Kymaros' by statement. */
function queriesBetween(from, to) {
  if (!to) return { all: NaN, kymaros: NaN, statements: {} };
  const before = from ?? { queries: 0, byDatabase: {}, kymarosStatements: {} };
  const statements = Object.fromEntries(
    Object.entries(to.kymarosStatements)
      .map(([sql, n]) => [sql, n - (before.kymarosStatements[sql] ?? 0)])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1]),
  );
  return {
    all: to.queries - before.queries,
    kymaros: (to.byDatabase.kymaros ?? 0) - (before.byDatabase.kymaros ?? 0),
    statements,
  };
}
const median = v => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

/** SQLite files, a PostgreSQL server given as host:port:user, or (`auto`) a throw-away one. */
async function database() {
  if (!args.postgres)
    return { name: 'SQLite', config: sqliteDatabase(path.join(dir, 'db')) };
  if (args.postgres === 'auto') {
    // Durability off, as the test servers run: a figure for the engine, not for a disk.
    const server = await startPostgres({ dir });
    onCleanup(() => server.stop());
    return {
      name: 'PostgreSQL (throw-away, fsync off)',
      config: postgresDatabase(server),
    };
  }
  const [host, port, user] = args.postgres.split(':');
  return {
    name: 'PostgreSQL',
    config: postgresDatabase({ host, port: Number(port), user }),
  };
}

async function main() {
  const gen = generateServices({
    dir,
    count: args.services,
    withBackups: args.withBackups,
  });
  const simulator = await startSimulator({
    root,
    dir,
    scenario: gen.scenarioFile,
  });
  onCleanup(() => simulator.process.stop());
  log(`simulator up with ${args.services} services`);
  const truth = await watchGroundTruth(simulator.kc);
  onCleanup(() => truth.stop());
  const db = await database();
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
  if (args.cpuProfile)
    process.env.KYMAROS_BENCH_CPU_PROFILE = path.resolve(args.cpuProfile);
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
  const simulatorPid = simulator.process.pid;
  const simulatorCpu0 = procStats(simulatorPid).cpuMs;

  const tests = await waitUntil(
    `all ${args.services} first runs reported`,
    async () => {
      const items = await backend.api.tests();
      const done = items.filter(t => t.status?.lastReportName);
      return (
        items.length === args.services && done.length === items.length && items
      );
    },
    // Listing every test is itself work for the backend: less often when there are many.
    {
      deadline: t0 + args.firstRunsTimeoutMs,
      intervalMs: Math.max(500, args.services),
    },
  ).catch(e => {
    log(e.message);
    return undefined;
  });
  const firstRunsMs = Date.now() - t0;
  const cpuFirstRunsMs = procStats(backend.pid).cpuMs - cpu0;
  // The probe writes the CPU profile of the first runs on this signal.
  if (args.cpuProfile) process.kill(backend.pid, 'SIGUSR2');
  const simulatorFirstRunsMs = procStats(simulatorPid).cpuMs - simulatorCpu0;
  const runsLines = probeLines(probeFile, backend.pid).filter(l => l.t > t0);
  const heapPeak = maxOf(runsLines, 'heapUsed');
  log(
    `first runs: ${
      tests ? 'all reported' : 'NOT all reported'
    } after ${firstRunsMs} ms`,
  );

  const items = tests ?? (await backend.api.tests());
  const reported = items.filter(t => t.status?.lastReportName).length;
  const sample = items[0];
  const latest = await latestReports(backend.api, items);
  const rtos = latest
    .map(r => r.status?.rto?.measuredMs)
    .filter(Number.isFinite);
  const timing = summarizeTiming(compareWithTruth(latest, truth));
  const phases = summarizePhases(latest);

  // Idle window: nothing runs (schedules are yearly); what does the backend still cost? Long
  // enough in full mode to hold catalog passes (every 15 s) and a reaper pass (every minute).
  const idleMs = args.quick ? 5000 : 62000;
  // The probe writes a line a second: let it close the second holding the API calls above.
  await sleep(1200);
  const simulatorIdle0 = procStats(simulatorPid).cpuMs;
  const idleStart = {
    ...procStats(backend.pid),
    lines: probeLines(probeFile, backend.pid).length,
  };
  await sleep(idleMs);
  const idleEnd = procStats(backend.pid);
  const simulatorIdleMs = procStats(simulatorPid).cpuMs - simulatorIdle0;
  const allLines = probeLines(probeFile, backend.pid);
  const idleLines = allLines.slice(idleStart.lines);
  const idleQueries = queriesBetween(
    allLines[idleStart.lines - 1],
    idleLines.at(-1),
  );

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
    withBackups: args.withBackups,
    perCluster: args.perCluster,
    database: db.name,
    startMs: backend.startMs,
    firstRunsMs: tests ? firstRunsMs : NaN,
    reported,
    rtoMedianMs: rtos.length ? median(rtos) : NaN,
    timing,
    phases,
    cpuFirstRunsMs,
    simulator: {
      cpuFirstRunsMs: simulatorFirstRunsMs,
      cpuMsPerIdleSecond: (simulatorIdleMs * 1000) / idleMs,
    },
    idle: {
      rssBytes: idleEnd.rssBytes,
      heapUsed: idleLines.at(-1)?.heapUsed ?? NaN,
      cpuMsPerSecond: ((idleEnd.cpuMs - idleStart.cpuMs) * 1000) / idleMs,
      queriesPerSecond: (idleQueries.all * 1000) / idleMs,
      kymarosQueriesPerSecond: (idleQueries.kymaros * 1000) / idleMs,
      kymarosStatements: idleQueries.statements,
    },
    heapPeakFirstRuns: heapPeak,
    lag: {
      runs: maxOf(runsLines, 'lagP99Ms'),
      runsMedianP99: median(runsLines.map(l => l.lagP99Ms)),
      idle: maxOf(idleLines, 'lagP99Ms'),
      idleMax: maxOf(idleLines, 'lagMaxMs'),
    },
    api,
    checks: [],
  };
  if (args.quick) result.checks = quickChecks(result);
  await backend.process.stop();
  await simulator.stop();
  return result;
}

/** The newest report of each test, 8 requests in flight. */
async function latestReports(api, items) {
  const out = [];
  const queue = [...items];
  const worker = async () => {
    for (let t = queue.shift(); t; t = queue.shift()) {
      const [last] = await api.reports(t.id);
      if (last) out.push(last);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return out;
}

/** p50 / p95 of each phase's duration (ms) over the reports, in the order phases ran. */
function summarizePhases(reports) {
  const byName = new Map();
  for (const r of reports)
    for (const p of r.status?.rto?.phases ?? [])
      byName.set(p.name, [...(byName.get(p.name) ?? []), p.seconds * 1000]);
  return Object.fromEntries(
    [...byName].map(([name, values]) => {
      const sorted = values.sort((a, b) => a - b);
      return [
        name,
        { p50: percentile(sorted, 50), p95: percentile(sorted, 95) },
      ];
    }),
  );
}

/** p50 / p99 / max of each timing error over the runs that have it. */
function summarizeTiming(rows) {
  const keys = [
    'rtoStartErrorMs',
    'restoreDoneNoticeDelayMs',
    'podsReadyNoticeDelayMs',
    'overheadMs',
    'cleanupMs',
    'queuedInVeleroMs',
  ];
  return Object.fromEntries(
    keys.map(key => {
      const values = rows
        .map(r => r[key])
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return [
        key,
        {
          runs: values.length,
          p50: percentile(values, 50),
          p99: percentile(values, 99),
          max: values.at(-1) ?? NaN,
        },
      ];
    }),
  );
}

function save(result) {
  const results = path.join(here, 'results');
  mkdirSync(results, { recursive: true });
  const json = path.join(
    results,
    `${result.mode}-${result.date.replace(/[:.]/g, '-')}.json`,
  );
  writeFileSync(json, `${JSON.stringify(result, null, 2)}\n`);
  log(`wrote ${path.relative(root, json)}`);
  if (args.docs) {
    writeDocsSection(result);
    log('wrote its section of docs/benchmarks.md');
  }
}

/** Replaces (or adds at the end) this configuration's section of docs/benchmarks.md. */
function writeDocsSection(result) {
  const doc = path.join(root, 'docs/benchmarks.md');
  const key = [
    result.mode,
    result.services,
    result.withBackups ? '' : 'nobackups',
    `c${result.perCluster}`,
    result.database,
  ]
    .filter(Boolean)
    .join('-')
    .replace(/[^A-Za-z0-9-]+/g, '-');
  const open = `<!-- bench:${key} -->`;
  const close = `<!-- /bench:${key} -->`;
  const section = `${open}\n\n${toMarkdown(result)}\n${close}`;
  const text = readFileSync(doc, 'utf8');
  const at = text.indexOf(open);
  const next =
    at < 0
      ? `${text.trimEnd()}\n\n${section}\n`
      : `${text.slice(0, at)}${section}${text.slice(
          text.indexOf(close) + close.length,
        )}`;
  writeFileSync(doc, next);
  execFileSync('npx', ['prettier', '--write', doc], { cwd: root });
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
