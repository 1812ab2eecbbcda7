/*
 * The demo backend's OpenTelemetry metrics: a MeterProvider, registered as
 * the global one before the backend starts, whose Prometheus exporter serves
 * every plugin's instruments (Kymaros' `kymaros.*` among them) for scraping.
 * Plain CommonJS: it is loaded with `node --require`, before any transform.
 */
const { metrics } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

const DEFAULT_PORT = 9464;
// Loopback unless told otherwise: the endpoint has no authentication.
const DEFAULT_HOST = '127.0.0.1';

/**
 * The exporter's settings from the standard OpenTelemetry variables, or
 * undefined when `OTEL_METRICS_EXPORTER=none`. A bad value throws, naming it.
 *
 * @param {Record<string, string | undefined>} env
 */
function prometheusOptions(env) {
  const exporter = (env.OTEL_METRICS_EXPORTER ?? 'prometheus').trim();
  if (exporter === 'none') return undefined;
  if (exporter !== 'prometheus')
    throw new Error(
      `OTEL_METRICS_EXPORTER must be "prometheus" or "none" for this backend, not "${exporter}"`,
    );
  const rawPort = env.OTEL_EXPORTER_PROMETHEUS_PORT;
  const port =
    rawPort === undefined || rawPort === '' ? DEFAULT_PORT : Number(rawPort);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(
      `OTEL_EXPORTER_PROMETHEUS_PORT must be a port number from 1 to 65535, not "${rawPort}"`,
    );
  return {
    host: env.OTEL_EXPORTER_PROMETHEUS_HOST || DEFAULT_HOST,
    port,
    endpoint: '/metrics',
  };
}

/**
 * Installs the global MeterProvider with a Prometheus exporter. A port that
 * cannot be bound is reported and the backend starts without the endpoint.
 *
 * @param {Record<string, string | undefined>} [env]
 * @param {{ error(message: string): void }} [log]
 */
function startMetricsExporter(env = process.env, log = console) {
  const options = prometheusOptions(env);
  if (!options) return undefined;
  const where = `http://${options.host}:${options.port}${options.endpoint}`;
  const exporter = new PrometheusExporter(options, error => {
    if (error)
      log.error(
        `Metrics are not served on ${where}: ${error.message ?? error}`,
      );
  });
  const provider = new MeterProvider({ readers: [exporter] });
  metrics.setGlobalMeterProvider(provider);
  return { provider, exporter, url: where };
}

module.exports = { prometheusOptions, startMetricsExporter };
