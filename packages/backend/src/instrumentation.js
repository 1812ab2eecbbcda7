/*
 * Loaded before the backend (`node --require ./src/instrumentation.js`, as
 * the start script does), so the MeterProvider is in place before any
 * plugin creates its instruments. See docs/metrics.md.
 */
const { isMainThread } = require('node:worker_threads');

// Worker threads inherit --require: one exporter per process.
if (isMainThread) require('./metricsExporter').startMetricsExporter();
