import net from 'node:net';
import { metrics } from '@opentelemetry/api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import kymarosPlugin from '@kymaros/plugin-kymaros-backend';
import { prometheusOptions, startMetricsExporter } from './metricsExporter';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

describe('prometheusOptions', () => {
  it('serves /metrics on the loopback port 9464 by default', () => {
    expect(prometheusOptions({})).toEqual({
      host: '127.0.0.1',
      port: 9464,
      endpoint: '/metrics',
    });
  });

  it('takes the standard OpenTelemetry variables', () => {
    expect(
      prometheusOptions({
        OTEL_EXPORTER_PROMETHEUS_HOST: '0.0.0.0',
        OTEL_EXPORTER_PROMETHEUS_PORT: '9100',
      }),
    ).toMatchObject({ host: '0.0.0.0', port: 9100 });
    expect(prometheusOptions({ OTEL_METRICS_EXPORTER: 'none' })).toBe(
      undefined,
    );
  });

  it('names the variable that is wrong', () => {
    expect(() =>
      prometheusOptions({ OTEL_EXPORTER_PROMETHEUS_PORT: '70000' }),
    ).toThrow(
      'OTEL_EXPORTER_PROMETHEUS_PORT must be a port number from 1 to 65535, not "70000"',
    );
    expect(() => prometheusOptions({ OTEL_METRICS_EXPORTER: 'otlp' })).toThrow(
      'OTEL_METRICS_EXPORTER must be "prometheus" or "none" for this backend, not "otlp"',
    );
  });
});

describe('startMetricsExporter', () => {
  afterEach(() => metrics.disable());

  it('says so when its port is taken, and lets the backend start', async () => {
    const taken = net.createServer();
    await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const log = { error: jest.fn() };
    const started = startMetricsExporter(
      { OTEL_EXPORTER_PROMETHEUS_PORT: String(port) },
      log,
    );
    try {
      await expect(started!.exporter.startServer()).rejects.toThrow(
        'EADDRINUSE',
      );
      await new Promise(resolve => setImmediate(resolve));
      expect(log.error).toHaveBeenCalledWith(
        expect.stringMatching(
          `^Metrics are not served on http://127.0.0.1:${port}/metrics: .*EADDRINUSE`,
        ),
      );
    } finally {
      await started!.provider.shutdown();
      await new Promise(resolve => taken.close(resolve));
    }
  });

  // The test backend's metrics service is the backend's default one: a meter of the global provider.
  it('serves the Kymaros plugin instruments, created through its metrics service', async () => {
    const port = await freePort();
    const started = startMetricsExporter({
      OTEL_EXPORTER_PROMETHEUS_PORT: String(port),
    });
    await started!.exporter.startServer();
    const backend = await startTestBackend({
      features: [
        kymarosPlugin,
        mockServices.rootConfig.factory({
          data: {
            kymaros: {
              clusters: [
                { name: 'restore-tests', url: 'https://restore.example' },
              ],
            },
          },
        }),
      ],
    });
    try {
      const body = await (
        await fetch(`http://127.0.0.1:${port}/metrics`)
      ).text();
      // No tests defined: every phase and outcome is counted, at zero.
      expect(body).toContain('# TYPE kymaros_tests gauge');
      expect(body).toMatch(
        /^kymaros_tests\{kymaros_test_phase="Idle",kymaros_test_outcome="never",otel_scope_name="backstage-plugin-kymaros"\} 0$/m,
      );
    } finally {
      await backend.stop();
      await started!.provider.shutdown();
    }
  }, 60_000);
});
