// @ts-check

/**
 * Ownership by record: every namespace and provider restore object a run
 * creates is written here before it is created (uid null) and completed with
 * its uid once the API server has it. Cleanup and the reaper delete only
 * objects whose name and uid match a row; labels prove nothing.
 *
 * Run identity on the test: who triggered the current run, and a pending
 * on-demand request, so every replica sees them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('owned_objects', table => {
    table.comment('Cluster objects created by restore runs, until deleted');
    table.increments('id');
    table.string('cluster', 255).notNullable();
    table
      .string('kind', 64)
      .notNullable()
      .comment('Namespace, or the provider restore object kind');
    table
      .string('namespace', 255)
      .notNullable()
      .defaultTo('')
      .comment(
        "Empty for cluster-scoped objects and for restore objects (in their provider's namespace)",
      );
    table.string('name', 255).notNullable();
    table
      .string('uid', 64)
      .nullable()
      .comment('Null until the create returned');
    table
      .string('provider', 64)
      .nullable()
      .comment('Provider that owns a restore object');
    table
      .string('source_namespace', 255)
      .nullable()
      .comment('For a sandbox: the namespace restored into it');
    table.string('run_id', 255).notNullable();
    table.string('test_id', 512).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table
      .timestamp('expires_at', { useTz: true })
      .notNullable()
      .comment('After this the reaper removes it even if the run looks alive');
    table.unique(['cluster', 'kind', 'namespace', 'name'], {
      indexName: 'owned_objects_object_uq',
    });
    table.index(['run_id'], 'owned_objects_run_idx');
  });

  await knex.schema.alterTable('restore_tests', table => {
    table
      .string('run_triggered_by', 255)
      .nullable()
      .comment('Who or what started the current run');
    table
      .string('requested_by', 255)
      .nullable()
      .comment('A pending on-demand run, not yet claimed');
    table.timestamp('requested_at', { useTz: true }).nullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('restore_tests', table => {
    table.dropColumn('requested_at');
    table.dropColumn('requested_by');
    table.dropColumn('run_triggered_by');
  });
  await knex.schema.dropTable('owned_objects');
};
