import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

/** Short enough that a crash phase ends in seconds, long enough for lease renewals (every lease/3). */
export const RUN_LEASE_MS = 10_000;
export const REAPER_INTERVAL = '5s';
export const REAPER_INITIAL_DELAY = '2s';

/**
 * What every test backend shares (no app-config.yaml underneath, so the demo's catalog, embedded
 * simulator and port never leak in): loopback listen, the given database, guest sign-in,
 * permissions on, and Components from the given catalog files.
 */
export function baseBackendConfig({ port, database, catalogFiles }) {
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    config: {
      app: { baseUrl: 'http://127.0.0.1:3000' },
      backend: {
        baseUrl,
        listen: { port, host: '127.0.0.1' },
        database,
      },
      auth: { providers: { guest: {} } },
      catalog: {
        rules: [{ allow: ['Component'] }],
        locations: catalogFiles.map(target => ({ type: 'file', target })),
      },
      permission: { enabled: true },
    },
  };
}

/**
 * The whole configuration of one backend process: the suite's catalog files, one cluster (the
 * standalone simulator), one run per cluster at a time, short lease and reaper.
 */
export function writeBackendConfig({
  file,
  port,
  database,
  kubeconfigPath,
  entityFiles,
}) {
  const { baseUrl, config: base } = baseBackendConfig({
    port,
    database,
    catalogFiles: entityFiles,
  });
  const config = {
    ...base,
    kymaros: {
      simulator: { enabled: false },
      clusters: [{ name: 'crash', kubeconfigPath }],
      concurrency: { perCluster: 1 },
      podReadyTimeout: '1m',
      runLease: `${RUN_LEASE_MS / 1000}s`,
      reaper: { interval: REAPER_INTERVAL, initialDelay: REAPER_INITIAL_DELAY },
      healthCheckPolicies: [
        {
          name: 'crash-checks',
          checks: [
            {
              name: 'app-ready',
              type: 'podStatus',
              podStatus: {
                labelSelector: { tier: 'crash' },
                minReady: 1,
                timeout: '1m',
              },
            },
            {
              // Answered by the scenario's Job rule after 4s: the window of the checks phase.
              name: 'data-query',
              type: 'query',
              dependsOn: ['app-ready'],
              query: {
                image: 'postgres:16.4',
                command: ['psql', '-c', 'SELECT count(*) FROM orders'],
                timeout: '1m',
              },
            },
          ],
        },
      ],
    },
  };
  writeFileSync(file, stringify(config));
  return { file, baseUrl };
}

/** `backend.database` for SQLite files (one per plugin) in `directory`. */
export const sqliteDatabase = directory => ({
  client: 'better-sqlite3',
  connection: { directory },
});

/** `backend.database` for a PostgreSQL server (one database per plugin, created on start). */
export const postgresDatabase = ({ host, port, user }) => ({
  client: 'pg',
  connection: { host, port, user },
});

export const configFile = (dir, name) =>
  path.join(dir, `${name}.app-config.yaml`);
