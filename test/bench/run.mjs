// Benchmark harness: N generated services, the standalone simulator and the backend (dev, or the
// production build with --production); measures time to all first runs, backend RSS/CPU/event-loop
// delay/DB queries and API latency percentiles. --replicas N times first runs on 1 and N replicas.
// node test/bench/run.mjs [--quick] [--docs] [--services N] [--concurrency N] [--no-backups]
//   [--first-runs-timeout S] [--postgres host:port:user|auto] [--port N] [--cpu-profile FILE]
//   [--cpu-profile-idle FILE] [--production] [--replicas N]
// --cpu-profile-idle FILE profiles the backend's main thread during the idle window only; read it
// with node test/bench/lib/profileSummary.mjs FILE.
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
import { installCleanupHandlers, onCleanup } from '../crash/lib/cleanup.mjs';
import { startSimulator } from '../crash/lib/simulator.mjs';
import { sleep, waitUntil } from '../crash/lib/wait.mjs';
import { parseArgs } from './lib/args.mjs';
import { writeBenchConfig } from './lib/backendConfig.mjs';
import { quickChecks } from './lib/checks.mjs';
import { openDatabase } from './lib/database.mjs';
import { reportsOf, waitForFirstRuns } from './lib/firstRuns.mjs';
import { generateServices } from './lib/generate.mjs';
import { compareWithTruth, watchGroundTruth } from './lib/groundTruth.mjs';
import { loadRoute, percentile } from './lib/load.mjs';
import { toMarkdown } from './lib/markdown.mjs';
import { collectedHeap, maxOf, median, probeLines } from './lib/probeLines.mjs';
import { otherSuites, procStats, watchOtherLoad } from './lib/procStats.mjs';
import { buildProduction } from './lib/production.mjs';
import { replicasMarkdown, runReplicas } from './lib/replicas.mjs';
import { probeEnv, runInfo } from './lib/runInfo.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const args = parseArgs(process.argv.slice(2));
const log = m => process.stdout.write(`[bench] ${m}\n`);

installCleanupHandlers();
const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-bench-'));
onCleanup(() => rmSync(dir, { recursive: true, force: true }));

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

async function main(build) {
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
  const db = await openDatabase({ dir, postgres: args.postgres });
  const configFile = path.join(dir, 'bench.app-config.yaml');
  const baseUrl = writeBenchConfig({
    file: configFile,
    port: args.port,
    database: db.config,
    kubeconfigPath: simulator.kubeconfigPath,
    catalogFiles: [gen.catalogFile],
    perCluster: args.perCluster,
  });
  const probeFile = path.join(dir, 'probe.jsonl');
  // A profile left from an earlier run must not pass for this one's.
  if (args.cpuProfileIdle)
    rmSync(path.resolve(args.cpuProfileIdle), { force: true });
  const backend = await startBackend({
    root,
    name: 'backend',
    configFile,
    baseUrl,
    logFile: path.join(dir, 'backend.log'),
    deployDir: build?.deployDir,
    env: probeEnv(probeFile, args.cpuProfile, args.cpuProfileIdle),
  });
  log(`backend up in ${backend.startMs} ms (pid ${backend.pid})`);
  const t0 = Date.now();
  const cpu0 = procStats(backend.pid).cpuMs;
  const simulatorPid = simulator.process.pid;
  const simulatorCpu0 = procStats(simulatorPid).cpuMs;
  const otherLoad = watchOtherLoad(() => [
    backend.pid,
    simulatorPid,
    ...(db.server?.process ? [db.server.process.pid] : []),
  ]);

  let inFlight;
  const tests = await waitForFirstRuns({
    api: backend.api,
    services: args.services,
    deadline: t0 + args.firstRunsTimeoutMs,
    // One full collection while (almost) every run is in flight: what they hold alive.
    inFlight: Math.min(args.services, args.perCluster),
    whileInFlight: runs => {
      inFlight = { runs, heap: collectedHeap(probeFile, backend.pid) };
    },
    log,
  });
  const firstRunsMs = Date.now() - t0;
  const cpuFirstRunsMs = procStats(backend.pid).cpuMs - cpu0;
  const otherCpuShare = otherLoad();
  // The probe writes the CPU profile of the first runs on this signal.
  if (args.cpuProfile) process.kill(backend.pid, 'SIGUSR2');
  const simulatorFirstRunsMs = procStats(simulatorPid).cpuMs - simulatorCpu0;
  const runsLines = probeLines(probeFile, backend.pid).filter(l => l.t > t0);
  // The second holding the forced collection is left out of the delay figures.
  const runsLagLines = runsLines.filter(l => !l.forcedGc);
  const heapPeak = maxOf(runsLines, 'heapUsed');
  log(
    `first runs: ${
      tests ? 'all reported' : 'NOT all reported'
    } after ${firstRunsMs} ms`,
  );

  const items = tests ?? (await backend.api.tests());
  const reported = items.filter(t => t.status?.lastReportName).length;
  const sample = items[0];
  const latest = [...(await reportsOf(backend.api, items)).values()]
    .map(([last]) => last)
    .filter(Boolean);
  const rtos = latest
    .map(r => r.status?.rto?.measuredMs)
    .filter(Number.isFinite);
  const timing = summarizeTiming(compareWithTruth(latest, truth));
  const phases = summarizePhases(latest);

  // Idle window: nothing runs (schedules are yearly); what does the backend still cost? Long
  // enough in full mode to hold catalog passes (every 15 s) and a reaper pass (every minute).
  const idleMs = args.quick ? 5000 : 62000;
  // Starting the profiler stalls the backend (V8 logs every compiled function): done before the
  // window, whose figures leave that out; profileSummary.mjs cuts the profile to the window.
  if (args.cpuProfileIdle) await startIdleProfile(backend.pid, probeFile);
  // The probe writes a line a second: let it close the second holding the API calls above.
  await sleep(1200);
  const simulatorIdle0 = procStats(simulatorPid).cpuMs;
  const idleStart = {
    ...procStats(backend.pid),
    lines: probeLines(probeFile, backend.pid).length,
  };
  const idleStartMs = Date.now();
  await sleep(idleMs);
  const idleEnd = procStats(backend.pid);
  const idleEndMs = Date.now();
  if (args.cpuProfileIdle) process.kill(backend.pid, 'SIGUSR2');
  const simulatorIdleMs = procStats(simulatorPid).cpuMs - simulatorIdle0;
  const allLines = probeLines(probeFile, backend.pid);
  const idleLines = allLines.slice(idleStart.lines);
  const idleQueries = queriesBetween(
    allLines[idleStart.lines - 1],
    idleLines.at(-1),
  );
  // Writing the profile stalls the backend: waited for after the idle figures are read.
  if (args.cpuProfileIdle) {
    const where = await idleProfile(args.cpuProfileIdle, {
      startMs: idleStartMs,
      endMs: idleEndMs,
    });
    log(`idle CPU profile: ${where}`);
    // Beside it, the probe's lines of the window (event-loop delay each second), for profileSummary.
    writeFileSync(
      `${path.resolve(args.cpuProfileIdle)}.probe.jsonl`,
      probeLines(probeFile, backend.pid)
        .slice(idleStart.lines)
        .map(l => `${JSON.stringify(l)}\n`)
        .join(''),
    );
  }
  const liveHeapIdle = await collectedHeap(probeFile, backend.pid);

  const api = await loadApi(baseUrl, backend.api.token, sample);

  const result = {
    ...runInfo({ root, args, build }),
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
    liveHeap: {
      inFlight: inFlight && {
        runs: inFlight.runs,
        bytes: await inFlight.heap,
      },
      idle: liveHeapIdle,
    },
    otherCpuShare,
    otherSuites: otherSuites().length,
    lag: {
      runs: maxOf(runsLagLines, 'lagP99Ms'),
      runsMedianP99: median(runsLagLines.map(l => l.lagP99Ms)),
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

/** Has the probe start the idle profile; returns once the probe line holding the start's stall is written. */
async function startIdleProfile(pid, probeFile) {
  const started = `${probeFile}.profiling`;
  // With --cpu-profile too, the probe wrote one when the backend started.
  rmSync(started, { force: true });
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + 60_000;
  await waitUntil('the idle CPU profile to start', () => existsSync(started), {
    deadline,
  });
  const at = Number(readFileSync(started, 'utf8'));
  await waitUntil(
    'a probe line after the idle CPU profile started',
    () => probeLines(probeFile, pid).some(l => l.t > at),
    { deadline },
  );
}

/**
 * Waits for the probe to write the idle profile (outside the timed windows) and adds the idle
 * window to it (wall clock, `benchWindow`); says where it is.
 */
async function idleProfile(file, benchWindow) {
  const target = path.resolve(file);
  const written = () => {
    try {
      const profile = JSON.parse(readFileSync(target, 'utf8'));
      return profile.wallEndMs > 0 && profile;
    } catch {
      return false;
    }
  };
  const profile = await waitUntil('the idle CPU profile', written, {
    deadline: Date.now() + 60_000,
  }).catch(() => undefined);
  if (!profile) return `not written to ${target}`;
  writeFileSync(target, JSON.stringify({ ...profile, benchWindow }));
  return target;
}

/** Latency of each route under load, one route after the other. */
async function loadApi(baseUrl, token, sample) {
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
      token,
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
  return api;
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
    `${result.mode}-${result.backend}-${result.date.replace(
      /[:.]/g,
      '-',
    )}.json`,
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
    result.replicas ? `replicas${result.replicas}` : '',
    result.backend === 'production' ? 'production' : '',
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
  // Only this section is formatted: the rest of the file is other people's prose.
  const body = execFileSync('npx', ['prettier', '--stdin-filepath', doc], {
    cwd: root,
    input: markdownOf(result),
  }).toString();
  const section = `${open}\n\n${body}\n${close}`;
  const text = readFileSync(doc, 'utf8');
  const at = text.indexOf(open);
  const next =
    at < 0
      ? `${text.trimEnd()}\n\n${section}\n`
      : `${text.slice(0, at)}${section}${text.slice(
          text.indexOf(close) + close.length,
        )}`;
  writeFileSync(doc, next);
}

const markdownOf = r => (r.replicas ? replicasMarkdown(r) : toMarkdown(r));
// Built before anything starts: the build's time and CPU are in no figure.
const build = args.production ? buildProduction({ root, dir, log }) : undefined;
if (build) log(`production build in ${build.buildMs} ms`);
const result = args.replicas
  ? await runReplicas({ root, dir, args, log, build })
  : await main(build);
process.stdout.write(`\n${markdownOf(result)}\n`);
save(result);
const failed = result.checks.filter(c => !c.ok);
if (failed.length) {
  for (const c of failed) process.stderr.write(`[bench] FAIL: ${c.what}\n`);
  process.exit(1);
}
process.exit(0);
