// @ts-check

/**
 * The audit evidence chain: one row per report, written in the transaction
 * that stores the report. `hash` covers the report's audit record (as
 * kymaros-common's evidenceRecordHash defines it) and the previous record of
 * the same test's hash, so a report edited in the database afterwards no
 * longer matches its stored hash. Removed with its report.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('report_chain', table => {
    table.comment('SHA-256 chain over the audit records of each test');
    table.string('report_name', 255).primary();
    table.string('test_id', 512).notNullable();
    table
      .integer('sequence')
      .notNullable()
      .comment('Position in the chain of its test, from 1');
    table
      .string('owner', 255)
      .nullable()
      .comment('Owner of the entity when the report was stored');
    table.string('format', 64).notNullable();
    table.string('previous_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.unique(['test_id', 'sequence'], {
      indexName: 'report_chain_test_sequence_uq',
    });
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('report_chain');
};
