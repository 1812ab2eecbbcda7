// @ts-check

/**
 * What a run kept of its sandboxes (container logs, events), beside its
 * report rather than in it: reports are listed and read often, evidence
 * only when someone opens it. Removed with its report.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('report_evidence', table => {
    table.comment('Pod logs and events of a run, kept with its report');
    table.string('report_name', 255).primary();
    table.text('body', 'longtext').notNullable().comment('JSON RunEvidence');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('report_evidence');
};
