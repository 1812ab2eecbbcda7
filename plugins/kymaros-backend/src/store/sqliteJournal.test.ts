import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { DatabaseKymarosStore } from './DatabaseKymarosStore';

describe('the SQLite journal', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kymaros-journal-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Idle connections close within ~100 ms, so a later query gets a new one.
  const sqlite = (filename: string) =>
    knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
      pool: { min: 0, max: 1, idleTimeoutMillis: 50, reapIntervalMillis: 20 },
    });
  const journalMode = async (knex: ReturnType<typeof sqlite>) =>
    (await knex.raw('PRAGMA journal_mode'))[0].journal_mode;

  it('is a write-ahead log for a database file, kept in the file', async () => {
    const file = path.join(dir, 'kymaros.sqlite');
    const knex = sqlite(file);
    await DatabaseKymarosStore.create({ knex });
    expect(await journalMode(knex)).toBe('wal');
    // Every commit still synced: FULL (2), on this connection and on any the pool opens later.
    expect(await knex.raw('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    const created = knex.client.pool.numFree() + knex.client.pool.numUsed();
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(knex.client.pool.numFree()).toBe(0);
    expect(created).toBe(1);
    expect(await knex.raw('PRAGMA synchronous')).toEqual([{ synchronous: 2 }]);
    await knex.destroy();
    const reopened = sqlite(file);
    expect(await journalMode(reopened)).toBe('wal');
    await reopened.destroy();
  });

  it('leaves an in-memory database as it is', async () => {
    const knex = sqlite(':memory:');
    await DatabaseKymarosStore.create({ knex });
    expect(await journalMode(knex)).toBe('memory');
    await knex.destroy();
  });
});
