import { resolvePackagePath } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseKymarosStore } from './DatabaseKymarosStore';
import { createKymarosTestDatabases } from './__testUtils__/createTestDatabases';
import { restoreReport, testRecord } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = createKymarosTestDatabases();
const directory = resolvePackagePath(
  '@kymaros/plugin-kymaros-backend',
  'migrations',
);

const ORDERS = testRecord('component:default/orders', 'orders');
const BILLING = testRecord('component:default/billing', 'billing');

/** Rows as the store wrote them before digests existed. */
function reportRow(testId: string, entityRef: string, i: number) {
  const createdAt = new Date(Date.UTC(2026, 10, 1 + i, 3));
  const report = restoreReport(testId, `${testId}-${i}`, {
    score: 50 + i,
    createdAt: createdAt.toISOString(),
    backupAge: `${i}h`,
  });
  return {
    name: report.metadata.name,
    test_id: testId,
    entity_ref: entityRef,
    created_at: createdAt,
    score: report.status.score,
    result: report.status.result,
    body: JSON.stringify(report),
  };
}

describe.each(databases.ids)('digest migration on %s', databaseId => {
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
  }, 60_000);

  it('backfills each existing test from its newest reports', async () => {
    await knex.migrate.up({ directory, name: '20261122000000_init.js' });
    await knex.migrate.up({
      directory,
      name: '20261202000000_owned_objects.js',
    });
    const now = new Date();
    for (const t of [ORDERS, BILLING]) {
      await knex('restore_tests').insert({
        id: t.id,
        entity_ref: t.entityRef,
        name: t.name,
        source: t.source,
        cluster: t.cluster,
        spec: JSON.stringify(t.spec),
        phase: 'Completed',
        created_at: now,
        updated_at: now,
      });
    }
    // Inserted out of order: the digest follows created_at, not insertion.
    const rows = [12, 3, 7, 1, 11, 2, 5, 4, 9, 6, 10, 8].map(i =>
      reportRow(ORDERS.id, ORDERS.entityRef, i),
    );
    await knex.batchInsert('restore_reports', rows, 5);
    await knex('restore_reports').insert(
      reportRow('component:default/gone:gone', 'component:default/gone', 1),
    );

    const store = await DatabaseKymarosStore.create({ knex });
    const { items } = await store.summarizeTests({
      sort: 'entityRef',
      order: 'asc',
      limit: 10,
      offset: 0,
    });

    expect(items).toEqual([
      {
        entityRef: BILLING.entityRef,
        testId: BILLING.id,
        testName: 'billing',
        phase: 'Completed',
        trend: [],
      },
      {
        entityRef: ORDERS.entityRef,
        testId: ORDERS.id,
        testName: 'orders',
        score: 62,
        result: 'fail',
        withinSLA: true,
        backupAge: '12h',
        lastRunAt: new Date(Date.UTC(2026, 10, 13, 3)).toISOString(),
        phase: 'Completed',
        trend: [53, 54, 55, 56, 57, 58, 59, 60, 61, 62],
      },
    ]);
  });

  it('rolls back, with every later migration', async () => {
    await knex.migrate.latest({ directory });
    // Down one migration at a time, newest first, until the digests are gone.
    for (
      let steps = 0;
      (await knex.schema.hasColumn('restore_tests', 'digest_trend')) &&
      steps < 10;
      steps++
    )
      await knex.migrate.down({ directory });
    expect(await knex.schema.hasColumn('restore_tests', 'digest_trend')).toBe(
      false,
    );
    expect(await knex.schema.hasTable('restore_tests')).toBe(true);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasColumn('restore_tests', 'digest_trend')).toBe(
      true,
    );
  });
});
