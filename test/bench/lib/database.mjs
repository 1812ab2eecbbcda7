import path from 'node:path';
import {
  postgresDatabase,
  sqliteDatabase,
} from '../../crash/lib/backendConfig.mjs';
import { onCleanup } from '../../crash/lib/cleanup.mjs';
import { startPostgres } from '../../crash/lib/postgres.mjs';

/**
 * SQLite files in `dir`, a PostgreSQL server given as host:port:user, or (`auto`) a throw-away one.
 * `prefix` names the databases on a given server (Backstage's default: backstage_plugin_), so runs
 * that need fresh databases never meet an earlier run's. `server` is where PostgreSQL listens.
 */
export async function openDatabase({ dir, postgres, prefix }) {
  if (!postgres)
    return { name: 'SQLite', config: sqliteDatabase(path.join(dir, 'db')) };
  if (postgres === 'auto') {
    // Durability off, as the test servers run: a figure for the engine, not for a disk.
    const server = await startPostgres({ dir });
    onCleanup(() => server.stop());
    return {
      name: 'PostgreSQL (throw-away, fsync off)',
      config: postgresDatabase(server),
      server,
      stop: () => server.stop(),
    };
  }
  const [host, port, user] = postgres.split(':');
  const server = { host, port: Number(port), user };
  return {
    name: 'PostgreSQL',
    config: { ...postgresDatabase(server), ...(prefix && { prefix }) },
    server,
    prefix,
  };
}
