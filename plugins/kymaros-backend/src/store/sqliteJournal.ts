import type { Knex } from 'knex';

/** What the pool hands out for better-sqlite3. */
interface SqliteConnection {
  pragma(source: string): unknown;
}

/**
 * Puts a file-backed SQLite database in write-ahead-log mode (kept in the
 * file). Its default rollback journal syncs the disk several times per
 * commit, inside better-sqlite3's synchronous call: with a hundred runs
 * recording what they create, those commits stalled the event loop.
 * better-sqlite3 lowers `synchronous` to NORMAL in WAL mode; it is set back
 * to FULL on every connection, so each commit is still synced (once) and a
 * committed ownership record survives a power loss as before.
 * In-memory databases and other clients are left as they are.
 */
export async function useWriteAheadLog(knex: Knex): Promise<void> {
  if (knex.client.config.client !== 'better-sqlite3') return;
  knex.client.pool.on(
    'createSuccess',
    (_id: unknown, connection: SqliteConnection) =>
      connection.pragma('synchronous = FULL'),
  );
  await knex.raw('PRAGMA journal_mode = WAL');
  await knex.raw('PRAGMA synchronous = FULL');
}
