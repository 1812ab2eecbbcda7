import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startBackend } from './backend.mjs';
import {
  configFile,
  postgresDatabase,
  sqliteDatabase,
  writeBackendConfig,
} from './backendConfig.mjs';
import { freePort } from './freePort.mjs';
import { startPostgres } from './postgres.mjs';
import { postgresRunTable, sqliteRunTable } from './runTable.mjs';

/** One backend on SQLite files; after a kill, the same backend (same files, port) starts again. */
export async function startSqliteStack({ root, dir, sim, entityFiles }) {
  const dbDir = path.join(dir, 'sqlite');
  mkdirSync(dbDir);
  const port = await freePort();
  const { file, baseUrl } = writeBackendConfig({
    file: configFile(dir, 'sqlite'),
    port,
    database: sqliteDatabase(dbDir),
    kubeconfigPath: sim.kubeconfigPath,
    entityFiles,
  });
  const start = () =>
    startBackend({
      root,
      name: 'backend (SQLite)',
      configFile: file,
      baseUrl,
      logFile: path.join(dir, 'backend-sqlite.log'),
    });
  const stack = {
    backend: await start(),
    table: sqliteRunTable(dbDir),
    /** SIGKILL, then start again at once, as a supervisor would. */
    kill() {
      const dead = stack.backend.process.crash();
      const recovered = dead.then(async () => {
        stack.backend = await start();
        return { api: stack.backend.api, restartMs: stack.backend.startMs };
      });
      return { dead, recovered };
    },
    stop: () => stack.backend.process.stop(),
  };
  return stack;
}

/** Two backend replicas sharing one throwaway PostgreSQL. */
export async function startPostgresStack({ root, dir, sim, entityFiles }) {
  const pg = await startPostgres({ dir });
  const database = postgresDatabase(pg);
  // One after the other: the first creates the databases and runs the migrations.
  const replicas = [];
  for (const id of ['a', 'b']) {
    const port = await freePort();
    const { file, baseUrl } = writeBackendConfig({
      file: configFile(dir, `postgres-${id}`),
      port,
      database,
      kubeconfigPath: sim.kubeconfigPath,
      entityFiles,
    });
    replicas.push(
      await startBackend({
        root,
        name: `replica ${id} (PostgreSQL)`,
        configFile: file,
        baseUrl,
        logFile: path.join(dir, `backend-postgres-${id}.log`),
      }),
    );
  }
  const table = postgresRunTable(pg);
  return {
    replicas,
    table,
    /** The replica whose process holds the run (the engine's run owner is `<host>-<pid>`). */
    ownerOf(owner) {
      return replicas.find(r => owner?.endsWith(`-${r.pid}`));
    },
    /** SIGKILL `replica`; the other one recovers without a restart. */
    kill(replica) {
      const survivor = replicas.find(r => r !== replica);
      const dead = replica.process.crash();
      return {
        dead,
        recovered: dead.then(() => ({
          api: survivor.api,
          restartMs: undefined,
        })),
      };
    },
    async stop() {
      await Promise.all(replicas.map(r => r.process.stop()));
      await table.close();
      await pg.stop();
    },
  };
}
