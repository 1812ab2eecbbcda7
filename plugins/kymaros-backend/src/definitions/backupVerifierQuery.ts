/**
 * KubeStash's Query verification forms (kubestash/docs@docs/guides/backup-verification/configuring-backup-verification/index.md)
 * as Kymaros `query` checks: a Job with the database's own client that
 * counts and compares in the shell. The database is reached at the
 * restore target's name with its KubeDB auth Secret `<name>-auth`
 * (`username`, `password`): the KubeDB convention, not confirmed here.
 */

type Check = Record<string, unknown>;

/** Query forms with no client check here, named as KubeStash spells them. */
const UNMAPPED = [
  'elasticsearch',
  'singlestore',
  'mssqlServer',
  'clickhouse',
  'druid',
  'zooKeeper',
];

/** KubeStash's comparison operators as `test(1)` operators. */
const OPERATORS: Record<string, string> = {
  Equal: '-eq',
  NotEqual: '-ne',
  LessThan: '-lt',
  LessThanOrEqual: '-le',
  GreaterThan: '-gt',
  GreaterThanOrEqual: '-ge',
};

/** A database, schema, table or collection name that can go into a query and a shell word as it is. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/;
export const MAX_QUERIES = 20;

export class QueryMappingError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function identifier(
  entry: Record<string, unknown>,
  field: string,
  path: string,
): string {
  const value = entry[field];
  if (typeof value !== 'string' || !IDENTIFIER.test(value))
    throw new QueryMappingError(
      `${path}.${field}: must be a name of letters, digits, _ and - (at most 64), not ${JSON.stringify(
        value,
      )?.slice(0, 80)}`,
    );
  return value;
}

/** `[ "$n" -ge 100 ]`, from `{operator, value}` or a bare number (Redis `dbSize`). */
function comparison(raw: unknown, path: string): string {
  const spec =
    typeof raw === 'number' ? { operator: 'Equal', value: raw } : raw;
  if (!isRecord(spec))
    throw new QueryMappingError(`${path}: must be {operator, value}`);
  const op = OPERATORS[String(spec.operator ?? 'Equal')];
  if (!op)
    throw new QueryMappingError(
      `${path}.operator: ${JSON.stringify(
        spec.operator,
      )} is not one of ${Object.keys(OPERATORS).join(', ')}`,
    );
  if (!Number.isSafeInteger(spec.value) || (spec.value as number) < 0)
    throw new QueryMappingError(
      `${path}.value: must be a whole number of at least 0`,
    );
  return `[ "$n" ${op} ${spec.value} ]`;
}

function authEnv(target: string) {
  const secret = `${target}-auth`;
  return [
    { name: 'DB_USER', secretKeyRef: { name: secret, key: 'username' } },
    { name: 'DB_PASSWORD', secretKeyRef: { name: secret, key: 'password' } },
  ];
}

function shellCheck(
  name: string,
  image: string,
  script: string,
  target: string,
): Check {
  return {
    name,
    type: 'query',
    query: { image, command: ['sh', '-c', script], env: authEnv(target) },
  };
}

function sqlCount(
  engine: 'mySQL' | 'mariaDB' | 'postgres',
  entry: Record<string, unknown>,
  path: string,
  target: string,
): { script: string; image: string } {
  const database = identifier(entry, 'database', path);
  const table = identifier(entry, 'table', path);
  const schema =
    engine === 'postgres' && entry.schema !== undefined
      ? identifier(entry, 'schema', path)
      : undefined;
  const test =
    entry.rowCount === undefined
      ? 'true'
      : comparison(entry.rowCount, `${path}.rowCount`);
  if (engine === 'postgres') {
    const qualified = schema ? `"${schema}"."${table}"` : `"${table}"`;
    return {
      image: 'postgres:16',
      script: `n=$(PGPASSWORD="$DB_PASSWORD" psql -h ${target} -U "$DB_USER" -d ${database} -tAc 'SELECT count(*) FROM ${qualified}') && ${test}`,
    };
  }
  return {
    image: engine === 'mySQL' ? 'mysql:8.4' : 'mariadb:11',
    script: `n=$(${
      engine === 'mySQL' ? 'mysql' : 'mariadb'
    } -h ${target} -u "$DB_USER" -p"$DB_PASSWORD" -N -B -e 'SELECT COUNT(*) FROM \`${database}\`.\`${table}\`') && ${test}`,
  };
}

function mapEntry(
  engine: string,
  entry: Record<string, unknown>,
  path: string,
  target: string,
): { script: string; image: string } {
  switch (engine) {
    case 'mySQL':
    case 'mariaDB':
    case 'postgres':
      return sqlCount(engine, entry, path, target);
    case 'mongoDB': {
      const database = identifier(entry, 'database', path);
      const collection = identifier(entry, 'collection', path);
      const test =
        entry.documentCount === undefined
          ? '[ "$n" -ge 0 ]'
          : comparison(entry.documentCount, `${path}.documentCount`);
      return {
        image: 'mongo:7',
        script: `n=$(mongosh --quiet --host ${target} -u "$DB_USER" -p "$DB_PASSWORD" --authenticationDatabase admin --eval 'db.getSiblingDB("${database}").getCollection("${collection}").countDocuments()') && ${test}`,
      };
    }
    case 'redis': {
      if (!Number.isSafeInteger(entry.index) || (entry.index as number) < 0)
        throw new QueryMappingError(
          `${path}.index: must be a database number of at least 0`,
        );
      const test =
        entry.dbSize === undefined
          ? 'true'
          : comparison(entry.dbSize, `${path}.dbSize`);
      return {
        image: 'redis:7',
        script: `n=$(REDISCLI_AUTH="$DB_PASSWORD" redis-cli -h ${target} -n ${entry.index} DBSIZE) && ${test}`,
      };
    }
    default:
      throw new QueryMappingError(
        UNMAPPED.includes(engine)
          ? `spec.query.${engine}: Kymaros has no check that runs ${engine} queries; use type Script or a Kymaros query check`
          : `spec.query.${engine.slice(
              0,
              40,
            )}: not a query form KubeStash documents`,
      );
  }
}

/** One `query` check per entry of `spec.query`, named `<engine>-<n>`. */
export function queryChecks(query: unknown, target: string): Check[] {
  if (!isRecord(query) || !Object.keys(query).length)
    throw new QueryMappingError(
      'spec.query: is required for type Query (e.g. mySQL: [{database, table, rowCount}])',
    );
  const checks: Check[] = [];
  for (const [engine, entries] of Object.entries(query)) {
    if (!Array.isArray(entries))
      throw new QueryMappingError(
        `spec.query.${engine.slice(0, 40)}: must be a list`,
      );
    entries.forEach((entry, i) => {
      const path = `spec.query.${engine}[${i}]`;
      if (!isRecord(entry))
        throw new QueryMappingError(`${path}: must be a mapping`);
      const { image, script } = mapEntry(engine, entry, path, target);
      checks.push(
        shellCheck(`${engine.toLowerCase()}-${i + 1}`, image, script, target),
      );
    });
    if (checks.length > MAX_QUERIES)
      throw new QueryMappingError(
        `spec.query: at most ${MAX_QUERIES} queries, one check each`,
      );
  }
  return checks;
}
