import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const COLUMNS = 'phase, step, run_id, run_owner, lease_until';

/**
 * Read-only view of the engine's run lease (table restore_tests): the API hides the run id,
 * owner and lease, and the suite needs them to find a run's objects and time its lease.
 */
export function sqliteRunTable(directory) {
  const Database = require('better-sqlite3');
  const file = path.join(directory, 'kymaros.sqlite');
  return {
    async read(testId) {
      // A connection per read: nothing stays open across the backend's crashes, and a hot
      // journal left by a killed writer never meets a long-lived reader.
      const db = new Database(file, { fileMustExist: true, timeout: 5000 });
      try {
        return toRun(
          db
            .prepare(`SELECT ${COLUMNS} FROM restore_tests WHERE id = ?`)
            .get(testId),
        );
      } finally {
        db.close();
      }
    },
    async close() {},
  };
}

export function postgresRunTable({ host, port, user }) {
  const { Client } = require('pg');
  let client;
  return {
    async read(testId) {
      if (!client) {
        client = new Client({
          host,
          port,
          user,
          database: 'backstage_plugin_kymaros',
        });
        await client.connect();
      }
      const { rows } = await client.query(
        `SELECT ${COLUMNS} FROM restore_tests WHERE id = $1`,
        [testId],
      );
      return toRun(rows[0]);
    },
    async close() {
      await client?.end();
    },
  };
}

function toRun(row) {
  if (!row) return undefined;
  return {
    phase: row.phase,
    step: row.step ?? undefined,
    runId: row.run_id ?? undefined,
    owner: row.run_owner ?? undefined,
    leaseUntil: toDate(row.lease_until),
  };
}

/** PostgreSQL returns `Date`s, SQLite the epoch milliseconds the engine bound. */
function toDate(value) {
  if (value === null || value === undefined) return undefined;
  const date =
    value instanceof Date
      ? value
      : new Date(/^\d+$/.test(String(value)) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
