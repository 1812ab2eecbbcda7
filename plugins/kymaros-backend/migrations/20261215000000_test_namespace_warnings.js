// @ts-check

/**
 * What a RestoreTest file says beyond its spec: the test's own
 * `metadata.namespace`, and the warnings of loading it (documents of other
 * kinds skipped, fields accepted without effect), shown with the test.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table
      .string('namespace', 253)
      .nullable()
      .comment('metadata.namespace of the RestoreTest, as written in its file');
    table
      .text('warnings')
      .nullable()
      .comment('JSON array of the warnings of loading the definition');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table.dropColumn('namespace');
    table.dropColumn('warnings');
  });
};
