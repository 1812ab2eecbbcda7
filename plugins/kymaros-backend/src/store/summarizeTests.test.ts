import type { Knex } from 'knex';
import { DatabaseKymarosStore } from './DatabaseKymarosStore';
import type { TestRecord, TestSummaryQuery } from './KymarosStore';
import { createKymarosTestDatabases } from './__testUtils__/createTestDatabases';
import { restoreReport, testRecord } from './__testUtils__/fixtures';

jest.setTimeout(60_000);

const databases = createKymarosTestDatabases();

const team = (name: string) => `group:default/${name}`;
const test = (name: string, owner?: string, extra: Partial<TestRecord> = {}) =>
  testRecord(`component:default/${name}`, name, { owner, ...extra });

// One test per outcome, plus a second fail with a higher score.
const PASS = test('pay_ments', team('team-a'));
const PARTIAL = test('search', team('team-b'));
const FAIL_LOW = test('orders', team('team-a'));
const FAIL_HIGH = test('ledger', team('team-b'));
const ERROR = test('analytics', team('team-b'));
const NEVER = test('storefront');
const INVALID = test('legacy', team('team-a'), {
  spec: undefined,
  error: 'kymaros.io/schedule: invalid cron',
});
const TESTS = [PASS, PARTIAL, FAIL_LOW, FAIL_HIGH, ERROR, NEVER, INVALID];
const HOUR = 3_600_000;
/** The partial test restored a backup older than its target; the passing one, a recent one. */
const RPO = new Map([
  [
    'search',
    {
      backupAge: '30h',
      backupAgeMs: 30 * HOUR,
      target: '24h',
      targetMs: 24 * HOUR,
      withinTarget: false,
    },
  ],
  [
    'pay_ments',
    {
      backupAge: '2h',
      backupAgeMs: 2 * HOUR,
      target: '24h',
      targetMs: 24 * HOUR,
      withinTarget: true,
    },
  ],
]);
const SCORES: [TestRecord, number, number][] = [
  [PASS, 100, 4],
  [PARTIAL, 80, 1],
  [FAIL_LOW, 10, 3],
  [FAIL_HIGH, 60, 2],
];

const QUERY: TestSummaryQuery = {
  sort: 'worst',
  order: 'asc',
  limit: 100,
  offset: 0,
};

describe.each(databases.ids)('summarizeTests on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseKymarosStore;

  const names = async (query: Partial<TestSummaryQuery>) =>
    (await store.summarizeTests({ ...QUERY, ...query })).items.map(
      item => item.testName,
    );

  beforeAll(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests(TESTS);
    for (const [t, score, minutes] of SCORES) {
      const createdAt = new Date(Date.UTC(2026, 10, 22, 3, minutes));
      await store.insertReport(
        t.id,
        t.entityRef,
        restoreReport(t.id, `${t.name}-1`, {
          score,
          createdAt: createdAt.toISOString(),
          rpo: RPO.get(t.name),
        }),
        10,
      );
    }
    const errored = restoreReport(ERROR.id, 'analytics-1', { score: 0 });
    errored.status.result = 'error';
    await store.insertReport(ERROR.id, ERROR.entityRef, errored, 10);
  }, 120_000);

  it('orders worst first: invalid, fail (lowest score first), error, not run, partial, pass', async () => {
    expect(await names({})).toEqual([
      'legacy',
      'orders',
      'ledger',
      'analytics',
      'storefront',
      'search',
      'pay_ments',
    ]);
    expect(await names({ order: 'desc' })).toEqual([
      'pay_ments',
      'search',
      'storefront',
      'analytics',
      'ledger',
      'orders',
      'legacy',
    ]);
  });

  it('orders by entity, score and last run, tests without one last', async () => {
    expect(await names({ sort: 'entityRef' })).toEqual([
      'analytics',
      'ledger',
      'legacy',
      'orders',
      'pay_ments',
      'search',
      'storefront',
    ]);
    expect(await names({ sort: 'score', order: 'desc' })).toEqual([
      'pay_ments',
      'search',
      'ledger',
      'orders',
      'analytics',
      'storefront',
      'legacy',
    ]);
    expect((await names({ sort: 'lastRunAt' })).slice(0, 5)).toEqual([
      'analytics',
      'search',
      'ledger',
      'orders',
      'pay_ments',
    ]);
  });

  it('pages without overlap and counts what matches', async () => {
    const pages = [];
    for (let offset = 0; offset < 7; offset += 3) {
      const page = await store.summarizeTests({ ...QUERY, limit: 3, offset });
      expect(page.total).toBe(7);
      pages.push(...page.items.map(item => item.testName));
    }
    expect(pages).toEqual(await names({}));
    expect(await names({ offset: 7 })).toEqual([]);
  });

  it('filters by outcome, owner and search, and totals the filtered tests', async () => {
    expect(await names({ outcome: 'fail' })).toEqual(['orders', 'ledger']);
    expect(await names({ outcome: 'never' })).toEqual(['storefront']);
    expect(await names({ outcome: 'invalid' })).toEqual(['legacy']);
    expect(await names({ owner: team('team-a') })).toEqual([
      'legacy',
      'orders',
      'pay_ments',
    ]);
    const page = await store.summarizeTests({
      ...QUERY,
      owner: team('team-b'),
      outcome: 'fail',
    });
    expect(page.items.map(item => item.testName)).toEqual(['ledger']);
    expect(page.total).toBe(1);
    expect(await names({ search: 'ORD' })).toEqual(['orders']);
    expect(await names({ search: 'default/le' })).toEqual(['legacy', 'ledger']);
    // LIKE wildcards are searched for as written.
    expect(await names({ search: '_' })).toEqual(['pay_ments']);
    expect(await names({ search: '%' })).toEqual([]);
  });

  it('filters the valid tests not run since a time, those never run included', async () => {
    const since = new Date(Date.UTC(2026, 10, 22, 3, 2));
    expect(await names({ notRunSince: since })).toEqual([
      'analytics',
      'storefront',
      'search',
    ]);
    expect(await names({ notRunSince: since, owner: team('team-b') })).toEqual([
      'analytics',
      'search',
    ]);
    expect(
      await names({ notRunSince: new Date(Date.UTC(2026, 10, 22, 3, 0)) }),
    ).toEqual(['storefront']);
  });

  it('gives each test its latest RPO, filters the breached ones and counts them whatever the filters', async () => {
    const page = await store.summarizeTests(QUERY);
    const byName = new Map(page.items.map(item => [item.testName, item]));
    expect(byName.get('search')!.rpo).toEqual(RPO.get('search'));
    expect(byName.get('pay_ments')!.rpo).toEqual(RPO.get('pay_ments'));
    expect(byName.get('orders')!.rpo).toBeUndefined();
    expect(await names({ rpo: 'breached' })).toEqual(['search']);
    expect(await names({ rpo: 'breached', outcome: 'pass' })).toEqual([]);
    expect(page.rpoBreached).toBe(1);
    expect(
      (await store.summarizeTests({ ...QUERY, outcome: 'fail' })).rpoBreached,
    ).toBe(1);
    expect(
      (await store.summarizeTests({ ...QUERY, entityRefs: [PASS.entityRef] }))
        .rpoBreached,
    ).toBe(0);
  });

  it('counts every outcome apart, whatever the filters, within the readable entities', async () => {
    const all = await store.summarizeTests({ ...QUERY, outcome: 'pass' });
    expect(all.counts).toEqual({
      pass: 1,
      partial: 1,
      fail: 2,
      error: 1,
      invalid: 1,
      never: 1,
    });
    expect(all.owners).toEqual([team('team-a'), team('team-b')]);
    const some = await store.summarizeTests({
      ...QUERY,
      entityRefs: [NEVER.entityRef, FAIL_LOW.entityRef],
    });
    expect(some.items.map(item => item.testName)).toEqual([
      'orders',
      'storefront',
    ]);
    expect(some.total).toBe(2);
    expect(some.counts).toMatchObject({ fail: 1, never: 1, pass: 0 });
    expect(some.owners).toEqual([team('team-a')]);
  });

  it('takes any number of readable entities', async () => {
    const many = Array.from(
      { length: 5000 },
      (_, i) => `component:default/other-${i}`,
    );
    const page = await store.summarizeTests({
      ...QUERY,
      entityRefs: [...many, PASS.entityRef],
    });
    expect(page.items.map(item => item.testName)).toEqual(['pay_ments']);
    expect(page.total).toBe(1);
  });

  it('lists the entities that have tests', async () => {
    expect(await store.listTestedEntityRefs()).toEqual(
      TESTS.map(t => t.entityRef).sort(),
    );
  });

  it('never reads a report, whatever their number', async () => {
    const queries: string[] = [];
    const record = (q: { sql: string }) => queries.push(q.sql);
    knex.on('query', record);
    try {
      await store.summarizeTests(QUERY);
      const before = queries.splice(0);
      for (let i = 2; i <= 12; i++) {
        await store.insertReport(
          PASS.id,
          PASS.entityRef,
          restoreReport(PASS.id, `more-${i}`, {
            createdAt: new Date(Date.UTC(2026, 10, 23, i)).toISOString(),
          }),
          5,
        );
      }
      queries.splice(0);
      await store.summarizeTests(QUERY);
      expect(queries).toHaveLength(before.length);
      expect(queries.join('\n')).not.toMatch(/restore_reports|body/);
    } finally {
      knex.removeListener('query', record);
    }
  });
});
