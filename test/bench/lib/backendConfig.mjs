import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** The whole configuration of the benchmarked backend (no app-config.yaml underneath). */
export function writeBenchConfig({
  file,
  port,
  database,
  kubeconfigPath,
  catalogFile,
  perCluster,
}) {
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = {
    app: { baseUrl: 'http://127.0.0.1:3100' },
    backend: { baseUrl, listen: { port, host: '127.0.0.1' }, database },
    auth: { providers: { guest: {} } },
    catalog: {
      rules: [{ allow: ['Component'] }],
      locations: [{ type: 'file', target: catalogFile }],
    },
    permission: { enabled: true },
    kymaros: {
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
    },
  };
  writeFileSync(file, stringify(config));
  return baseUrl;
}
