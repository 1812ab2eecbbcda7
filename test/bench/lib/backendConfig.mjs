import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { baseBackendConfig } from '../../crash/lib/backendConfig.mjs';

/** The whole configuration of the benchmarked backend: one cluster, a pod check per test. */
export function writeBenchConfig({
  file,
  port,
  database,
  kubeconfigPath,
  catalogFile,
  perCluster,
}) {
  const { baseUrl, config } = baseBackendConfig({
    port,
    database,
    catalogFiles: [catalogFile],
  });
  config.kymaros = {
    simulator: { enabled: false },
    clusters: [{ name: 'bench', kubeconfigPath }],
    concurrency: { perCluster },
    podReadyTimeout: '1m',
    healthCheckPolicies: [
      {
        name: 'bench-checks',
        checks: [
          {
            name: 'app-ready',
            type: 'podStatus',
            podStatus: {
              labelSelector: { tier: 'bench' },
              minReady: 1,
              timeout: '1m',
            },
          },
        ],
      },
    ],
  };
  writeFileSync(file, stringify(config));
  return baseUrl;
}
