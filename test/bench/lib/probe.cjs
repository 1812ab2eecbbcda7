// Loaded only by the bench (NODE_OPTIONS=--require): writes event-loop delay, heap and knex
// query counts of the backend to KYMAROS_BENCH_PROBE_FILE as one JSON line per interval.
const { appendFileSync } = require('node:fs');
const Module = require('node:module');
const { monitorEventLoopDelay } = require('node:perf_hooks');

const file = process.env.KYMAROS_BENCH_PROBE_FILE;
if (file) {
  let queries = 0;
  const originalLoad = Module._load;
  let wrapped;
  Module._load = function load(request, ...rest) {
    const exported = originalLoad.call(this, request, ...rest);
    if (request !== 'knex' || typeof exported !== 'function') return exported;
    if (!wrapped) {
      // Every knex instance the backend makes counts its queries here.
      const counting = (...args) => {
        const db = exported(...args);
        db.on('query', () => queries++);
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
  setInterval(() => {
    const line = {
      t: Date.now(),
      lagP50Ms: delay.percentile(50) / 1e6,
      lagP99Ms: delay.percentile(99) / 1e6,
      lagMaxMs: delay.max / 1e6,
      heapUsed: process.memoryUsage().heapUsed,
      queries,
    };
    delay.reset();
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }, 1000).unref();
}
