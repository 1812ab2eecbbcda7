// @ts-check

/**
 * The latest report's RPO (backup age at restore against `sla.maxRPO`) on
 * each test's row, so the overview shows it and filters breaches in SQL.
 * Reports stored before `status.rpo` existed have none to copy: the digest
 * fills in from the next report.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table
      .text('digest_rpo')
      .nullable()
      .comment("JSON of the latest report's status.rpo");
    table
      .boolean('digest_rpo_within')
      .nullable()
      .comment('Whether that backup was within its RPO target');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table.dropColumn('digest_rpo_within');
    table.dropColumn('digest_rpo');
  });
};
