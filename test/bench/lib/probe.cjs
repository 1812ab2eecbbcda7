// Loaded only by the bench (NODE_OPTIONS=--require): writes event-loop delay, heap and knex
// query counts of the backend to KYMAROS_BENCH_PROBE_FILE as one JSON line per interval.
const { appendFileSync, existsSync, rmSync } = require('node:fs');
const Module = require('node:module');
const {
  constants,
  monitorEventLoopDelay,
  PerformanceObserver,
} = require('node:perf_hooks');
const { isMainThread } = require('node:worker_threads');

/** The plugin a knex instance serves: its SQLite file or PostgreSQL database name. */
function databaseOf(config) {
  const connection = config?.connection ?? {};
  const name = String(
    connection.filename ?? connection.database ?? 'unknown',
  ).replace(/^.*[\\/]/, '');
  return name.replace(/^backstage_plugin_/, '').replace(/\.sqlite$/, '');
}

const file = process.env.KYMAROS_BENCH_PROBE_FILE;
// Worker threads and child processes load this too: only the backend's main thread reports.
if (file && isMainThread) {
  let queries = 0;
  const byDatabase = {};
  /** Kymaros statements by their first words, to tell what a query count is made of. */
  const kymarosStatements = {};
  /** Milliseconds spent per database and statement. */
  const queryMs = {};
  const originalLoad = Module._load;
  let wrapped;
  Module._load = function load(request, ...rest) {
    const exported = originalLoad.call(this, request, ...rest);
    if (request !== 'knex' || typeof exported !== 'function') return exported;
    if (!wrapped) {
      // Every knex instance the backend makes counts its queries here.
      const counting = (config, ...args) => {
        const db = exported(config, ...args);
        const name = databaseOf(config);
        const started = new Map();
        db.on('query', q => {
          queries++;
          byDatabase[name] = (byDatabase[name] ?? 0) + 1;
          started.set(q.__knexQueryUid, process.hrtime.bigint());
          if (name === 'kymaros') {
            const key = String(q.sql).slice(0, 70);
            kymarosStatements[key] = (kymarosStatements[key] ?? 0) + 1;
          }
        });
        // Time from issue to answer, per database and statement (queueing for the connection included).
        const answered = (_r, q) => {
          const t0 = started.get(q.__knexQueryUid);
          if (t0 === undefined) return;
          started.delete(q.__knexQueryUid);
          const ms = Number(process.hrtime.bigint() - t0) / 1e6;
          const key = `${name}: ${String(q.sql).slice(0, 60)}`;
          queryMs[key] = (queryMs[key] ?? 0) + ms;
        };
        db.on('query-response', answered);
        db.on('query-error', answered);
        return db;
      };
      Object.assign(counting, exported);
      counting.knex = counting;
      counting.default = counting;
      wrapped = counting;
    }
    return wrapped;
  };
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  // The heap right after a full collection is what is alive; heapUsed in between counts garbage too.
  let liveHeap;
  let majorGcs = 0;
  new PerformanceObserver(list => {
    if (
      list
        .getEntries()
        .some(e => e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)
    ) {
      liveHeap = process.memoryUsage().heapUsed;
      majorGcs++;
    }
  }).observe({ entryTypes: ['gc'] });
  // The bench asks for a full collection by creating this file; the delay it
  // causes lands in the next line, which says so.
  const gcRequest = `${file}.gc`;
  let forcedGc = false;
  setInterval(() => {
    const line = {
      pid: process.pid,
      t: Date.now(),
      lagP50Ms: delay.percentile(50) / 1e6,
      lagP99Ms: delay.percentile(99) / 1e6,
      lagMaxMs: delay.max / 1e6,
      heapUsed: process.memoryUsage().heapUsed,
      forcedGc,
      liveHeap,
      majorGcs,
      queries,
      byDatabase: { ...byDatabase },
      kymarosStatements: { ...kymarosStatements },
      queryMs: Object.fromEntries(
        Object.entries(queryMs)
          .sort((a, b) => b[1] - a[1])
          .slice(0, 15)
          .map(([k, v]) => [k, Math.round(v)]),
      ),
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
    forcedGc = existsSync(gcRequest);
    if (forcedGc) {
      rmSync(gcRequest, { force: true });
      require('node:v8').setFlagsFromString('--expose-gc');
      require('node:vm').runInNewContext('gc')();
    }
  }, 1000).unref();
}

// CPU profiles of the main thread (--cpu-prof is not allowed in NODE_OPTIONS), each SIGUSR2 moving
// to the next step. KYMAROS_BENCH_CPU_PROFILE: profiled from load until a SIGUSR2, written there.
// KYMAROS_BENCH_CPU_PROFILE_IDLE: profiled from the next SIGUSR2 to the one after, written there,
// with the wall clock of both ends (wallStartMs, wallEndMs) and the profile's clock (µs, that of
// process.hrtime) at wallStartMs (monotonicStartUs), to line it up with the probe's lines.
const profileFile = process.env.KYMAROS_BENCH_CPU_PROFILE;
const idleProfileFile = process.env.KYMAROS_BENCH_CPU_PROFILE_IDLE;
if (file && isMainThread && (profileFile || idleProfileFile)) {
  const { Session } = require('node:inspector');
  const { writeFileSync } = require('node:fs');
  const session = new Session();
  session.connect();
  let clock;
  const start = () =>
    session.post('Profiler.enable', () =>
      session.post('Profiler.start', () => {
        clock = {
          wallStartMs: Date.now(),
          monotonicStartUs: Number(process.hrtime.bigint() / 1000n),
        };
        // Tells the bench the profile runs (and the stall of starting it is over).
        writeFileSync(`${file}.profiling`, String(clock.wallStartMs));
      }),
    );
  const stopInto = target => {
    const wallEndMs = Date.now();
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      const profile = { ...result.profile, ...clock, wallEndMs };
      writeFileSync(target, JSON.stringify(profile));
    });
  };
  const steps = [
    ...(profileFile ? [() => stopInto(profileFile)] : []),
    ...(idleProfileFile ? [start, () => stopInto(idleProfileFile)] : []),
  ];
  if (profileFile) start();
  process.on('SIGUSR2', () => steps.shift()?.());
}
