// @ts-check

/**
 * Restore tests (definition, run state, run lease), their reports, and one
 * lock row per cluster that serialises run starts across replicas.
 *
 * Timestamps are always bound from JavaScript `Date`s (never DB defaults):
 * SQLite stores those as epoch milliseconds, and mixing them with SQLite's
 * text `CURRENT_TIMESTAMP` would break comparisons.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('restore_tests', table => {
    table.comment(
      'Restore tests derived from the catalog, with their run state',
    );
    table.string('id', 512).primary().comment('<entityRef>:<testName>');
    table.string('entity_ref', 255).notNullable();
    table.string('name', 255).notNullable();
    table
      .text('source')
      .notNullable()
      .comment('annotations or the file location');
    table.string('cluster', 255).notNullable();
    table
      .text('spec', 'longtext')
      .nullable()
      .comment('JSON RestoreTestSpec; null when invalid');
    table.text('error').nullable().comment('Why the definition is invalid');

    table.string('phase', 16).notNullable().defaultTo('Idle');
    table.string('step', 64).nullable();
    table.string('run_id', 255).nullable();
    table
      .string('run_cluster', 255)
      .nullable()
      .comment('Cluster the current run counts against');
    table
      .string('run_owner', 255)
      .nullable()
      .comment('Replica holding the run');
    table.timestamp('run_started_at', { useTz: true }).nullable();
    table.timestamp('lease_until', { useTz: true }).nullable();
    table.timestamp('last_run_at', { useTz: true }).nullable();
    table.timestamp('next_run_at', { useTz: true }).nullable();
    table.integer('last_score').nullable();
    table.string('last_result', 16).nullable();
    table.string('last_report_name', 255).nullable();

    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();

    table.index(['entity_ref'], 'restore_tests_entity_ref_idx');
    table.index(
      ['run_cluster', 'lease_until'],
      'restore_tests_run_cluster_lease_idx',
    );
    table.index(['phase', 'lease_until'], 'restore_tests_phase_lease_idx');
  });

  await knex.schema.createTable('restore_reports', table => {
    table.comment('Immutable RestoreReports; kept when their test disappears');
    table.increments('id').comment('Insertion order, breaks created_at ties');
    table.string('name', 255).notNullable().unique('restore_reports_name_uq');
    table.string('test_id', 512).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.integer('score').notNullable();
    table.string('result', 16).notNullable();
    table.text('body', 'longtext').notNullable().comment('JSON RestoreReport');

    table.index(['test_id', 'created_at'], 'restore_reports_test_created_idx');
    table.index(['entity_ref'], 'restore_reports_entity_ref_idx');
  });

  await knex.schema.createTable('cluster_run_locks', table => {
    table.comment(
      'Row locked while a run starts, so per-cluster limits hold across replicas',
    );
    table.string('cluster', 255).primary();
    table.timestamp('locked_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('cluster_run_locks');
  await knex.schema.dropTable('restore_reports');
  await knex.schema.dropTable('restore_tests');
};
