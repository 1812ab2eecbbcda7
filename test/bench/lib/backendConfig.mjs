import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { baseBackendConfig } from '../../crash/lib/backendConfig.mjs';

/** The whole configuration of the benchmarked backend: one cluster, a pod check per test. */
export function writeBenchConfig({
  file,
  port,
  database,
  kubeconfigPath,
  catalogFiles,
  perCluster,
}) {
  const { baseUrl, config } = baseBackendConfig({
    port,
    database,
    catalogFiles,
  });
  // The production build (NODE_ENV=production) signs the bench in as the guest too.
  config.auth.providers.guest.dangerouslyAllowOutsideDevelopment = true;
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
