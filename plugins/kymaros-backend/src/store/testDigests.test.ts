import type { Knex } from 'knex';
import { DatabaseKymarosStore } from './DatabaseKymarosStore';
import type { TestSummaryQuery } from './KymarosStore';
import { createKymarosTestDatabases } from './__testUtils__/createTestDatabases';
import { restoreReport, testRecord } from './__testUtils__/fixtures';

jest.setTimeout(30_000);

const databases = createKymarosTestDatabases();

const ORDERS = testRecord('component:default/orders', 'orders', {
  owner: 'group:default/team-a',
});
const BILLING = testRecord('component:default/billing', 'billing');

const T0 = Date.UTC(2026, 10, 22, 3);
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const ALL: TestSummaryQuery = {
  sort: 'entityRef',
  order: 'asc',
  limit: 100,
  offset: 0,
};

describe.each(databases.ids)('test digests on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseKymarosStore;

  const save = (
    test: { id: string; entityRef: string },
    name: string,
    minutes: number,
    options: Parameters<typeof restoreReport>[2] = {},
    historyLimit = 20,
  ) =>
    store.insertReport(
      test.id,
      test.entityRef,
      restoreReport(test.id, name, { createdAt: at(minutes), ...options }),
      historyLimit,
    );
  const item = async (id: string) =>
    (await store.summarizeTests(ALL)).items.find(i => i.testId === id);

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests([ORDERS, BILLING]);
  }, 60_000);

  it('holds the newest report and the ten newest scores, oldest first', async () => {
    for (let i = 1; i <= 12; i++) {
      await save(ORDERS, `o-${i}`, i, { score: 80 + i, backupAge: `${i}h` });
    }
    expect(await item(ORDERS.id)).toEqual({
      entityRef: ORDERS.entityRef,
      owner: 'group:default/team-a',
      testId: ORDERS.id,
      testName: 'orders',
      score: 92,
      result: 'pass',
      withinSLA: true,
      backupAge: '12h',
      lastRunAt: at(12),
      phase: 'Idle',
      trend: [83, 84, 85, 86, 87, 88, 89, 90, 91, 92],
    });
    expect(await item(BILLING.id)).toEqual({
      entityRef: BILLING.entityRef,
      testId: BILLING.id,
      testName: 'billing',
      phase: 'Idle',
      trend: [],
    });
  });

  it('keeps the newest report when an older one is saved after it', async () => {
    await save(ORDERS, 'late', 5, { score: 60, withinSLA: false });
    await save(ORDERS, 'early', 1, { score: 95, backupAge: '9h' });
    expect(await item(ORDERS.id)).toMatchObject({
      score: 60,
      result: 'fail',
      withinSLA: false,
      backupAge: '3h',
      trend: [95, 60],
    });
  });

  it('holds both of two reports saved at the same time', async () => {
    for (let i = 0; i < 10; i++) {
      await Promise.all([
        save(ORDERS, `a-${i}`, 2 * i, { score: 50 + i }),
        save(ORDERS, `b-${i}`, 2 * i + 1, { score: 70 + i }),
      ]);
      expect((await item(ORDERS.id))?.trend.slice(-2)).toEqual([
        50 + i,
        70 + i,
      ]);
    }
  });

  it('follows pruning: the trend holds only the kept reports', async () => {
    for (let i = 1; i <= 5; i++) {
      await save(ORDERS, `o-${i}`, i, { score: 70 + i }, 3);
    }
    expect((await item(ORDERS.id))?.trend).toEqual([73, 74, 75]);
  });

  it('leaves error runs out of the trend: they scored no backup', async () => {
    await save(ORDERS, 'o-1', 1, { score: 90 });
    const failedToRun = restoreReport(ORDERS.id, 'o-2', { createdAt: at(2) });
    failedToRun.status.score = 0;
    failedToRun.status.result = 'error';
    await store.insertReport(ORDERS.id, ORDERS.entityRef, failedToRun, 20);
    await save(ORDERS, 'o-3', 3, { score: 85 });
    expect((await item(ORDERS.id))?.trend).toEqual([90, 85]);
  });

  it('leaves the RTO verdict unknown when the run skipped RTO compliance', async () => {
    const report = restoreReport(ORDERS.id, 'skipped', { createdAt: at(1) });
    report.status.validationLevels.rtoCompliance.status = 'skip';
    await store.insertReport(ORDERS.id, ORDERS.entityRef, report, 10);
    expect(await item(ORDERS.id)).not.toHaveProperty('withinSLA');
  });

  it('goes with a removed test and comes back from its kept reports', async () => {
    await save(ORDERS, 'o-1', 1, { score: 81 });
    await save(ORDERS, 'o-2', 2, { score: 82 });
    await store.removeTestsExcept([BILLING.id]);
    expect(await item(ORDERS.id)).toBeUndefined();
    expect((await store.summarizeTests(ALL)).total).toBe(1);

    await store.upsertTests([ORDERS, BILLING]);
    expect(await item(ORDERS.id)).toMatchObject({ score: 82, trend: [81, 82] });
  });

  it('prefers the latest report over the run state, which it falls back to', async () => {
    await store.updateState(BILLING.id, {
      lastScore: 40,
      lastResult: 'fail',
      lastRunAt: at(7),
    });
    expect(await item(BILLING.id)).toMatchObject({
      score: 40,
      result: 'fail',
      lastRunAt: at(7),
      trend: [],
    });
    await save(BILLING, 'b-1', 3, { score: 99 });
    expect(await item(BILLING.id)).toMatchObject({
      score: 99,
      result: 'pass',
      lastRunAt: at(7),
      trend: [99],
    });
  });
});
