/*
 * Loaded before the backend (`node --require ./src/instrumentation.js`, as
 * the start script does), so the MeterProvider is in place before any
 * plugin creates its instruments. See docs/metrics.md.
 */
require('./metricsExporter').startMetricsExporter();
