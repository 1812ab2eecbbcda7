import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { startBackend } from '../../crash/lib/backend.mjs';
import { freePort } from '../../crash/lib/freePort.mjs';
import { startSimulator } from '../../crash/lib/simulator.mjs';
import { writeBenchConfig } from './backendConfig.mjs';
import { openDatabase } from './database.mjs';
import { reportsOf, waitForFirstRuns } from './firstRuns.mjs';
import { generateServices } from './generate.mjs';
import { backendLabel } from './markdown.mjs';
import { maxOf, median, probeLines } from './probeLines.mjs';
import { otherSuites, procStats, watchOtherLoad } from './procStats.mjs';
import { probeEnv, runInfo } from './runInfo.mjs';
import { analyzeRuns, watchRuns } from './runWatch.mjs';

/**
 * The same burst of first runs timed on 1 replica, then on `args.replicas`, each phase with fresh
 * databases and a fresh simulator: throughput, which replica ran each run, and whether any test
 * ever ran twice at once.
 */
export async function runReplicas({ root, dir, args, log, build }) {
  if (!args.postgres)
    throw new Error(
      '--replicas needs PostgreSQL: --postgres auto or host:port:user',
    );
  const gen = generateServices({
    dir,
    count: args.services,
    withBackups: args.withBackups,
  });
  const ctx = { root, args, log, build, gen, stamp: Date.now() };
  // Each phase's PostgreSQL (run as its own user when root) must reach its directory in here.
  chmodSync(dir, 0o711);
  const phases = [];
  for (const replicas of [...new Set([1, args.replicas])]) {
    const phaseDir = path.join(dir, `replicas-${replicas}`);
    mkdirSync(phaseDir);
    phases.push(await replicaPhase({ ...ctx, dir: phaseDir }, replicas));
  }
  return {
    ...runInfo({ root, args, build }),
    replicas: args.replicas,
    database: phases[0].database,
    phases,
    checks: phases.flatMap(p => [
      {
        what: `${p.replicas} replica(s): all ${args.services} first runs reported`,
        ok: p.reported === args.services,
      },
      {
        what: `${p.replicas} replica(s): no test ran twice at once (${p.overlaps} overlapping runs)`,
        ok: p.overlaps === 0,
      },
    ]),
  };
}

async function replicaPhase(ctx, count) {
  const { args, log, dir } = ctx;
  const simulator = await startSimulator({
    root: ctx.root,
    dir,
    scenario: ctx.gen.scenarioFile,
  });
  const db = await openDatabase({
    dir,
    postgres: args.postgres,
    prefix: `kymaros_bench_${ctx.stamp}_r${count}_`,
  });
  const probeFile = path.join(dir, 'probe.jsonl');
  const launched = Date.now();
  const replicas = await startReplicas(ctx, {
    count,
    db,
    simulator,
    probeFile,
  });
  log(`${count} replica(s) up in ${Date.now() - launched} ms`);
  const measured = await measureFirstRuns(ctx, { replicas, db, simulator });
  const reports = await reportsOf(replicas[0].api, measured.items);
  await Promise.all(replicas.map(r => r.process.stop()));
  await simulator.stop();
  await simulator.process.stop();
  await db.stop?.();
  return phaseResult({ replicas, measured, reports, probeFile, db, launched });
}

/**
 * Databases made and migrated by one backend with an empty catalog, then `count` replicas started
 * together: no replica gets a head start on the tests, and no two race to run the migrations.
 */
async function startReplicas(ctx, { count, db, simulator, probeFile }) {
  const start = async (name, catalogFiles, env) => {
    const port = await freePort();
    const configFile = path.join(ctx.dir, `${name}.app-config.yaml`);
    const baseUrl = writeBenchConfig({
      file: configFile,
      port,
      database: db.config,
      kubeconfigPath: simulator.kubeconfigPath,
      catalogFiles,
      perCluster: ctx.args.perCluster,
    });
    const logFile = path.join(ctx.dir, `${name}.log`);
    const backend = await startBackend({
      root: ctx.root,
      name,
      configFile,
      baseUrl,
      logFile,
      deployDir: ctx.build?.deployDir,
      env,
    });
    return { ...backend, logFile };
  };
  const prime = await start('prime', []);
  await prime.process.stop();
  const env = probeEnv(probeFile);
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      start(`replica-${i + 1}`, [ctx.gen.catalogFile], env),
    ),
  );
}

async function measureFirstRuns(ctx, { replicas, db, simulator }) {
  const { args, log } = ctx;
  const watch = watchRuns({
    server: db.server,
    database: `${db.prefix ?? 'backstage_plugin_'}kymaros`,
  });
  const groups = () => [
    ...replicas.map(r => r.pid),
    simulator.process.pid,
    ...(db.server.process ? [db.server.process.pid] : []),
  ];
  const otherLoad = watchOtherLoad(groups);
  const cpu0 = replicas.map(r => procStats(r.pid).cpuMs);
  const t0 = Date.now();
  const items = await waitForFirstRuns({
    api: replicas[0].api,
    services: args.services,
    deadline: t0 + args.firstRunsTimeoutMs,
    log,
  });
  const firstRunsMs = Date.now() - t0;
  log(
    `${replicas.length} replica(s): ${
      items ? 'all' : 'NOT all'
    } first runs reported after ${firstRunsMs} ms`,
  );
  const cpuMs = replicas.map((r, i) => procStats(r.pid).cpuMs - cpu0[i]);
  await watch.stop();
  return {
    t0,
    items: items ?? (await replicas[0].api.tests()),
    complete: Boolean(items),
    firstRunsMs,
    cpuMs,
    watched: watch.runs,
    otherCpuShare: otherLoad(),
    otherSuites: otherSuites(),
  };
}

/** Lines of a replica's log: runs it finished, and claims it lost to a run already going. */
function logCounts(logFile) {
  const text = readFileSync(logFile, 'utf8');
  const count = re => (text.match(re) ?? []).length;
  return {
    finished: count(/Restore test \S+: \w+ \d+\/100/g),
    refused: count(/Not running \S+: already-running/g),
  };
}

function phaseResult({ replicas, measured, reports, probeFile, db, launched }) {
  const analysis = analyzeRuns(reports, measured.watched);
  const ends = analysis.runs.map(r => r.end).sort((a, b) => a - b);
  return {
    replicas: replicas.length,
    database: db.name,
    startMs: measured.t0 - launched,
    firstRunsMs: measured.complete ? measured.firstRunsMs : NaN,
    // Before it, the catalog ingests the entities and the tests are registered.
    firstReportMs: ends[0] - measured.t0,
    reported: measured.items.filter(t => t.status?.lastReportName).length,
    // Between the first and the last report saved: the burst's rate, whatever came before it.
    runsPerSecond: ((ends.length - 1) * 1000) / (ends.at(-1) - ends[0]),
    runs: analysis.runs.length,
    unattributed: analysis.runs.filter(r => !r.owner).length,
    testsRunMoreThanOnce: analysis.testsRunMoreThanOnce,
    overlaps: analysis.overlaps,
    unreported: analysis.unreported,
    otherCpuShare: measured.otherCpuShare,
    otherSuites: measured.otherSuites.length,
    perReplica: replicas.map((r, i) => {
      const lines = probeLines(probeFile, r.pid).filter(l => l.t > measured.t0);
      return {
        name: r.name,
        runsHeld: analysis.runs.filter(run => run.owner?.endsWith(`-${r.pid}`))
          .length,
        ...logCounts(r.logFile),
        cpuMs: measured.cpuMs[i],
        lagMedianP99: median(lines.map(l => l.lagP99Ms)),
        lagWorstP99: maxOf(lines, 'lagP99Ms'),
        heapPeak: maxOf(lines, 'heapUsed'),
      };
    }),
  };
}

const ms = v => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
const mib = v => (Number.isFinite(v) ? `${(v / 2 ** 20).toFixed(0)} MiB` : '—');

/** The replicas' section of docs/benchmarks.md: one column per phase, then one row per replica. */
export function replicasMarkdown(r) {
  const col = f => `| ${r.phases.map(f).join(' | ')} |`;
  const row = (label, f) => `| ${label} ${col(f)}`;
  const replicaRows = r.phases.flatMap(p =>
    p.perReplica.map(
      x =>
        `| ${p.replicas} | ${x.name} | ${x.runsHeld} | ${x.finished} | ${
          x.refused
        } | ${ms(x.cpuMs)} | ${ms(x.lagMedianP99)} / ${ms(
          x.lagWorstP99,
        )} | ${mib(x.heapPeak)} |`,
    ),
  );
  return [
    `### ${r.mode}, ${r.replicas} replicas — ${r.date}`,
    '',
    `Machine: ${r.machine.cores} cores, ${r.machine.memGiB} GiB (${
      r.machine.cpu
    }), Node ${r.machine.node}; commit \`${r.commit}\`; ${backendLabel(r)}; ${
      r.services
    } tests${
      r.withBackups ? '' : ' without backups (first runs end at once)'
    }, concurrency.perCluster ${r.perCluster}, ${r.database}.`,
    '',
    `| Figure ${col(p => `${p.replicas} replica${p.replicas > 1 ? 's' : ''}`)}`,
    `| --- ${col(() => '---')}`,
    row('Replicas start (all answer health)', p => ms(p.startMs)),
    row('First report saved (from all up)', p => ms(p.firstReportMs)),
    row('All first runs reported (from all up)', p => ms(p.firstRunsMs)),
    row('Reports saved per second (first to last report)', p =>
      p.runsPerSecond.toFixed(1),
    ),
    row('Runs / tests reported', p => `${p.runs} / ${p.reported}`),
    row('Runs whose replica the store watch missed', p => p.unattributed),
    row('Tests run more than once', p => p.testsRunMoreThanOnce),
    row('**Runs of one test overlapping in time**', p => `**${p.overlaps}**`),
    row(
      'Other processes on the machine (share of all cores)',
      p =>
        `${(p.otherCpuShare * 100).toFixed(0)} %${
          p.otherSuites ? `, ${p.otherSuites} other suite run(s) seen` : ''
        }`,
    ),
    '',
    '| Phase | Replica | Runs held (store) | Runs finished (log) | Claims refused: already running (log) | CPU time during first runs | Event-loop p99: median / worst second | Heap peak |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...replicaRows,
    '',
    'Checks:',
    '',
    ...r.checks.map(c => `- ${c.ok ? 'pass' : 'FAIL'}: ${c.what}`),
    '',
  ].join('\n');
}
