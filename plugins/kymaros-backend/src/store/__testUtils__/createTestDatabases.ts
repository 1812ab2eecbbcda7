import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { Knex } from 'knex';
import { LocalPostgres, startLocalPostgres } from './localPostgres';

const POSTGRES_ID = 'POSTGRES_15';
/** The variable TestDatabases reads for POSTGRES_15 (see its `allDatabases`). */
const POSTGRES_CONNECTION_ENV =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

export interface KymarosTestDatabases {
  ids: TestDatabaseId[];
  /** A fresh, empty database on the given engine. */
  init(id: TestDatabaseId): Promise<Knex>;
}

/**
 * TestDatabases over SQLite and a real PostgreSQL. Call at the top of a test
 * file (it registers jest hooks).
 *
 * PostgreSQL comes from BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
 * when set, and otherwise is started on first use from the local binaries
 * (Debian's /usr/lib/postgresql/<version>/bin, PATH, or KYMAROS_TEST_POSTGRES_BIN).
 * When neither works the PostgreSQL tests fail with the reason: they are only
 * left out when KYMAROS_TEST_POSTGRES=skip is set explicitly.
 */
export function createKymarosTestDatabases(): KymarosTestDatabases {
  const skipPostgres = process.env.KYMAROS_TEST_POSTGRES === 'skip';
  const ids: TestDatabaseId[] = skipPostgres
    ? ['SQLITE_3']
    : ['SQLITE_3', POSTGRES_ID];
  // TestDatabases silently drops PostgreSQL when it has neither a connection
  // string nor Docker. `disableDocker: false` keeps it listed; init() below
  // always sets the connection string first, so Docker is never actually used.
  const databases = TestDatabases.create({ ids, disableDocker: false });

  let server: Promise<LocalPostgres> | undefined;
  // Registered after TestDatabases' own hook, so its databases are dropped first.
  afterAll(async () => {
    const started = await server?.catch(() => undefined);
    await started?.stop();
  }, 60_000);

  return {
    ids,
    async init(id) {
      if (id === POSTGRES_ID && !process.env[POSTGRES_CONNECTION_ENV]) {
        server ??= startLocalPostgres();
        process.env[POSTGRES_CONNECTION_ENV] = (await server).connectionString;
      }
      return databases.init(id);
    },
  };
}
