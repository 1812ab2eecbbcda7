import type { Knex } from 'knex';

/** Up to this many values are bound one by one; beyond, as a single array. */
const INLINE_VALUES = 500;

/**
 * `column IN (values)` for lists of any length: long lists are bound as one
 * parameter (a PostgreSQL array, a JSON array on SQLite), so the statement
 * stays within the engines' bound-parameter limits.
 */
export function whereInList(
  query: Knex.QueryBuilder,
  column: string,
  values: string[],
): Knex.QueryBuilder {
  if (values.length <= INLINE_VALUES) return query.whereIn(column, values);
  const client = String(query.client.config.client);
  if (client === 'pg') {
    return query.whereRaw('?? = ANY(?::text[])', [column, values]);
  }
  if (client.includes('sqlite')) {
    return query.whereRaw('?? IN (SELECT value FROM json_each(?))', [
      column,
      JSON.stringify(values),
    ]);
  }
  return query.where(q => {
    for (let i = 0; i < values.length; i += INLINE_VALUES) {
      q.orWhereIn(column, values.slice(i, i + INLINE_VALUES));
    }
  });
}
