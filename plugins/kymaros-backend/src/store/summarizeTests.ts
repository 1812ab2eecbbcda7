import {
  SUMMARY_OUTCOMES,
  type SummaryItem,
  type SummaryOutcome,
} from '@kymaros/plugin-kymaros-common';
import type { Knex } from 'knex';
import type { TestSummaryPage, TestSummaryQuery } from './KymarosStore';
import { type TestRow, toIso } from './rows';
import { whereInList } from './whereInList';

const TESTS = 'restore_tests';

/** Owners listed for the owner filter, at most. */
export const MAX_OWNERS = 1000;

const OUTCOME = `CASE WHEN error IS NOT NULL THEN 'invalid' ELSE COALESCE(digest_result, last_result, 'never') END`;
/** Lower is worse; the order of the overview's "worst first". */
const OUTCOME_RANK = `CASE ${OUTCOME} WHEN 'invalid' THEN 0 WHEN 'fail' THEN 1 WHEN 'error' THEN 2 WHEN 'never' THEN 3 WHEN 'partial' THEN 4 ELSE 5 END`;
const SCORE = 'COALESCE(digest_score, last_score)';
const LAST_RUN = 'COALESCE(last_run_at, digest_completed_at)';

const ITEM_COLUMNS = [
  'id',
  'entity_ref',
  'name',
  'owner',
  'error',
  'phase',
  'last_run_at',
  'last_score',
  'last_result',
  'digest_score',
  'digest_result',
  'digest_within_sla',
  'digest_backup_age',
  'digest_rpo',
  'digest_completed_at',
  'digest_trend',
] as const;
type ItemRow = Pick<TestRow, (typeof ITEM_COLUMNS)[number]>;

/** The overview's page and totals in four indexed or small-row queries; no report is read. */
export async function summarizeTests(
  knex: Knex,
  query: TestSummaryQuery,
): Promise<TestSummaryPage> {
  const readable = () => {
    const q = knex(TESTS);
    return query.entityRefs
      ? whereInList(q, 'entity_ref', query.entityRefs)
      : q;
  };
  const matching = () => filtered(readable(), query);
  const [rows, [{ total }], countRows, ownerRows, [breached]] =
    await Promise.all([
      ordered(matching(), query)
        .limit(query.limit)
        .offset(query.offset)
        .select(...ITEM_COLUMNS) as Promise<ItemRow[]>,
      matching().count({ total: '*' }),
      readable()
        .select(knex.raw(`${OUTCOME} AS outcome`))
        .count({ count: '*' })
        .groupByRaw(OUTCOME) as unknown as Promise<
        { outcome: SummaryOutcome; count: number | string }[]
      >,
      readable()
        .whereNotNull('owner')
        .distinct('owner')
        .orderBy('owner')
        .limit(MAX_OWNERS) as Promise<{ owner: string }[]>,
      readable().where('digest_rpo_within', false).count({ count: '*' }),
    ]);
  const counts = Object.fromEntries(
    SUMMARY_OUTCOMES.map(outcome => [outcome, 0]),
  ) as Record<SummaryOutcome, number>;
  for (const row of countRows) counts[row.outcome] = Number(row.count);
  return {
    items: rows.map(toSummaryItem),
    total: Number(total),
    counts,
    owners: ownerRows.map(row => row.owner),
    rpoBreached: Number(breached.count),
  };
}

function filtered(
  q: Knex.QueryBuilder,
  query: TestSummaryQuery,
): Knex.QueryBuilder {
  if (query.outcome) q.whereRaw(`${OUTCOME} = ?`, [query.outcome]);
  if (query.owner !== undefined) q.where('owner', query.owner);
  if (query.rpo === 'breached') q.where('digest_rpo_within', false);
  if (query.notRunSince) {
    const since = query.notRunSince;
    q.whereNull('error').where(w =>
      w.whereRaw(`${LAST_RUN} IS NULL`).orWhereRaw(`${LAST_RUN} < ?`, [since]),
    );
  }
  if (query.search) {
    const pattern = `%${query.search
      .toLowerCase()
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    q.where(w =>
      w
        .whereRaw(`LOWER(entity_ref) LIKE ? ESCAPE '\\'`, [pattern])
        .orWhereRaw(`LOWER(name) LIKE ? ESCAPE '\\'`, [pattern]),
    );
  }
  return q;
}

/** The requested order, then entity and id so that pages never overlap. */
function ordered(
  q: Knex.QueryBuilder,
  query: TestSummaryQuery,
): Knex.QueryBuilder {
  const dir = query.order === 'desc' ? 'DESC' : 'ASC';
  // Tests without a score or a run go last either way (NULL order differs between engines).
  const last = (expr: string) =>
    q
      .orderByRaw(`CASE WHEN ${expr} IS NULL THEN 1 ELSE 0 END`)
      .orderByRaw(`${expr} ${dir}`);
  switch (query.sort) {
    case 'worst':
      q.orderByRaw(`${OUTCOME_RANK} ${dir}`).orderByRaw(
        `COALESCE(${SCORE}, -1) ${dir}`,
      );
      break;
    case 'score':
      last(SCORE);
      break;
    case 'lastRunAt':
      last(LAST_RUN);
      break;
    default:
      break;
  }
  return q.orderBy([
    { column: 'entity_ref', order: query.order },
    { column: 'name', order: query.order },
    { column: 'id', order: query.order },
  ]);
}

function toSummaryItem(row: ItemRow): SummaryItem {
  const hasDigest = row.digest_result !== null;
  const withinSLA =
    row.digest_within_sla === null ? undefined : Boolean(row.digest_within_sla);
  const lastRunAt = toIso(row.last_run_at) ?? toIso(row.digest_completed_at);
  return {
    entityRef: row.entity_ref,
    ...(row.owner !== null && { owner: row.owner }),
    testId: row.id,
    testName: row.name,
    ...optional('score', hasDigest ? row.digest_score : row.last_score),
    ...optional('result', hasDigest ? row.digest_result : row.last_result),
    ...optional('withinSLA', withinSLA),
    ...optional('backupAge', row.digest_backup_age),
    ...optional('rpo', row.digest_rpo ? JSON.parse(row.digest_rpo) : null),
    ...optional('lastRunAt', lastRunAt),
    phase: row.phase,
    ...optional('error', row.error),
    trend: row.digest_trend ? JSON.parse(row.digest_trend) : [],
  };
}

function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): { [P in K]?: V } {
  return value === null || value === undefined
    ? {}
    : ({ [key]: value } as { [P in K]: V });
}
