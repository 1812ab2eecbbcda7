// @ts-check

/**
 * A digest of each test's reports on its row (latest score, result, RTO
 * verdict, backup age, completion time, recent scores), kept current as
 * reports are written and pruned, so the overview never reads report bodies.
 * The entity's owner is stored too, so the overview filters and pages in SQL.
 *
 * The backfill is written out here rather than shared with the store: a
 * migration must keep doing what it did when it shipped.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table
      .string('owner', 255)
      .nullable()
      .comment("The entity's owner as a full entity ref, from the catalog");
    table.integer('digest_score').nullable().comment('Latest report score');
    table.string('digest_result', 16).nullable();
    table.boolean('digest_within_sla').nullable();
    table.string('digest_backup_age', 64).nullable();
    table.timestamp('digest_completed_at', { useTz: true }).nullable();
    table
      .text('digest_trend')
      .nullable()
      .comment('JSON array of the newest scores, oldest first');
    table.index(['owner'], 'restore_tests_owner_idx');
  });
  await backfill(knex);
};

const TREND_LENGTH = 10;
const BATCH_SIZE = 100;

/** @param {import('knex').Knex} knex */
async function backfill(knex) {
  /** @type {{ id: string }[]} */
  const tests = await knex('restore_tests').select('id').orderBy('id');
  for (let i = 0; i < tests.length; i += BATCH_SIZE) {
    const ids = tests.slice(i, i + BATCH_SIZE).map(test => test.id);
    const ranked = knex('restore_reports')
      .whereIn('test_id', ids)
      .select('id', 'test_id', 'score', 'result')
      .rowNumber('rn', q =>
        q
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .partitionBy('test_id'),
      );
    /** @type {{ id: number, test_id: string, score: number, result: string, rn: number | string }[]} */
    const rows = await knex
      .from(ranked.as('ranked'))
      .where('rn', '<=', TREND_LENGTH)
      .orderBy([{ column: 'test_id' }, { column: 'rn', order: 'desc' }])
      .select('id', 'test_id', 'score', 'result', 'rn');
    const latestIds = rows.filter(row => Number(row.rn) === 1).map(r => r.id);
    /** @type {{ id: number, body: string }[]} */
    const bodies = latestIds.length
      ? await knex('restore_reports')
          .whereIn('id', latestIds)
          .select('id', 'body')
      : [];
    const bodyById = new Map(bodies.map(row => [row.id, row.body]));
    for (const id of ids) {
      const own = rows.filter(row => row.test_id === id);
      const latest = own[own.length - 1];
      if (!latest) continue;
      const status = JSON.parse(bodyById.get(latest.id) ?? '{}').status ?? {};
      await knex('restore_tests')
        .where('id', id)
        .update(
          digestColumns(
            latest,
            status,
            own.map(row => row.score),
          ),
        );
    }
  }
}

/**
 * @param {{ score: number, result: string }} latest
 * @param {any} status the latest report's status
 * @param {number[]} trend
 */
function digestColumns(latest, status, trend) {
  const completedAt = new Date(status.completedAt);
  const skipped = status.validationLevels?.rtoCompliance?.status === 'skip';
  const withinSLA = status.rto?.withinSLA;
  return {
    digest_score: latest.score,
    digest_result: latest.result,
    digest_within_sla:
      skipped || typeof withinSLA !== 'boolean' ? null : withinSLA,
    digest_backup_age: status.backup?.age ?? null,
    digest_completed_at: Number.isNaN(completedAt.getTime())
      ? null
      : completedAt,
    digest_trend: JSON.stringify(trend),
  };
}

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table.dropIndex(['owner'], 'restore_tests_owner_idx');
    for (const column of [
      'digest_trend',
      'digest_completed_at',
      'digest_backup_age',
      'digest_within_sla',
      'digest_result',
      'digest_score',
      'owner',
    ]) {
      table.dropColumn(column);
    }
  });
};
