import {
  type ChainedEvidenceRecord,
  EVIDENCE_CHAIN_GENESIS,
  verifyEvidenceChain,
} from '@kymaros/plugin-kymaros-common';
import type { Knex } from 'knex';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { createKymarosTestDatabases } from '../store/__testUtils__/createTestDatabases';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import { evidenceRecords } from './evidenceRecords';

jest.setTimeout(30_000);

const databases = createKymarosTestDatabases();

const ORDERS = testRecord('component:default/orders', 'orders');
const BILLING = testRecord('component:default/billing', 'billing');
const OWNER = 'group:default/team-orders';

function at(minute: number) {
  return new Date(Date.UTC(2026, 11, 1, 3, minute)).toISOString();
}

describe.each(databases.ids)('the evidence chain on %s', databaseId => {
  let knex: Knex;
  let store: DatabaseKymarosStore;

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests([ORDERS, BILLING]);
  }, 60_000);

  async function insert(
    test: typeof ORDERS,
    minute: number,
    historyLimit = 10,
  ) {
    const name = `${test.name}-${minute}`;
    await store.insertReport(
      test.id,
      test.entityRef,
      restoreReport(test.id, name, {
        createdAt: at(minute),
        score: 90 + minute,
      }),
      historyLimit,
      OWNER,
    );
    return name;
  }

  async function exported(
    query: Partial<Parameters<typeof evidenceRecords>[1]> = {},
    pageSize?: number,
  ) {
    const records: ChainedEvidenceRecord[] = [];
    for await (const record of evidenceRecords(
      store,
      { entityRefs: [ORDERS.entityRef, BILLING.entityRef], ...query },
      pageSize,
    ))
      records.push(record);
    return records;
  }

  it('links each stored report to the previous one of its test', async () => {
    await insert(ORDERS, 1);
    await insert(BILLING, 2);
    await insert(ORDERS, 3);
    const records = await exported();
    expect(records.map(r => [r.test, r.sequence, r.report, r.owner])).toEqual([
      [BILLING.id, '1', 'billing-2', OWNER],
      [ORDERS.id, '1', 'orders-1', OWNER],
      [ORDERS.id, '2', 'orders-3', OWNER],
    ]);
    expect(records[1].previousHash).toBe(EVIDENCE_CHAIN_GENESIS);
    expect(records[2].previousHash).toBe(records[1].hash);
    expect(verifyEvidenceChain(records)).toMatchObject({
      ok: true,
      verified: 3,
    });
  });

  it('names a report edited in the database after it was stored', async () => {
    await insert(ORDERS, 1);
    const edited = await insert(ORDERS, 2);
    await insert(ORDERS, 3);
    const row = await knex('restore_reports')
      .where('name', edited)
      .first('body');
    const body = JSON.parse(row.body);
    body.status.result = 'pass';
    body.status.score = 100;
    await knex('restore_reports')
      .where('name', edited)
      .update({ body: JSON.stringify(body) });
    const result = verifyEvidenceChain(await exported());
    expect(result.firstFailure).toMatchObject({
      report: edited,
      reason: expect.stringContaining('changed after it was recorded'),
    });
    expect(result.records.map(r => r.status)).toEqual([
      'verified',
      'failed',
      'verified',
    ]);
  });

  it('names the report after one deleted from the database', async () => {
    await insert(ORDERS, 1);
    const deleted = await insert(ORDERS, 2);
    const after = await insert(ORDERS, 3);
    await knex('restore_reports').where('name', deleted).delete();
    const result = verifyEvidenceChain(await exported());
    expect(result.firstFailure).toMatchObject({
      report: after,
      reason: `records 2 to 2 of its test are missing after orders-1`,
    });
  });

  it('keeps verifying once historyLimit pruned the oldest reports and their links', async () => {
    for (const minute of [1, 2, 3, 4]) await insert(ORDERS, minute, 2);
    expect(Number((await knex('report_chain').count({ n: '*' }))[0].n)).toBe(2);
    const records = await exported();
    expect(records.map(r => r.sequence)).toEqual(['3', '4']);
    const result = verifyEvidenceChain(records);
    expect(result.ok).toBe(true);
    expect(result.records[0].reason).toMatch(/before 3 were pruned/);
  });

  it('filters by storage time, entity and recorded owner, a page at a time', async () => {
    await insert(ORDERS, 1);
    await insert(ORDERS, 2);
    await insert(BILLING, 3);
    await insert(ORDERS, 4);
    const names = (records: ChainedEvidenceRecord[]) =>
      records.map(r => r.report);
    expect(names(await exported({}, 1))).toEqual([
      'billing-3',
      'orders-1',
      'orders-2',
      'orders-4',
    ]);
    expect(
      names(await exported({ from: new Date(at(2)), to: new Date(at(3)) })),
    ).toEqual(['billing-3', 'orders-2']);
    expect(names(await exported({ entityRefs: [ORDERS.entityRef] }))).toEqual([
      'orders-1',
      'orders-2',
      'orders-4',
    ]);
    expect(await exported({ owner: 'group:default/other' })).toEqual([]);
    expect(await exported({ entityRefs: [] })).toEqual([]);
    expect(
      await store.listEvidenceEntityRefs({ from: new Date(at(3)) }),
    ).toEqual([BILLING.entityRef, ORDERS.entityRef].sort());
  });

  it('exports reports stored before the chain existed as unchained, ahead of the chain', async () => {
    const legacy = await insert(ORDERS, 1);
    await knex('report_chain').where('report_name', legacy).delete();
    const records = await exported();
    expect(records[0]).toMatchObject({
      report: legacy,
      hash: '',
      sequence: '',
    });
    expect(verifyEvidenceChain(records).records[0].status).toBe('unchained');
  });

  it('answers what it holds of an export: reports, bodies of unchained ones, and tests with their first link kept', async () => {
    for (const minute of [1, 2, 3]) await insert(ORDERS, minute, 2);
    const legacy = await insert(BILLING, 4);
    await knex('report_chain').where('report_name', legacy).delete();
    await store.removeTestsExcept([BILLING.id]);
    const ghost = 'component:default/ghost:ghost';
    const stored = await store.getStoredEvidence({
      reportNames: ['orders-1', 'orders-3', legacy, 'ghost-1'],
      testIds: [ORDERS.id, BILLING.id, ghost],
    });
    expect([...stored.reports.keys()].sort()).toEqual([legacy, 'orders-3']);
    expect(stored.reports.get('orders-3')).toMatchObject({
      testId: ORDERS.id,
      entityRef: ORDERS.entityRef,
      link: { sequence: 3 },
    });
    expect(stored.reports.get('orders-3')!.report).toBeUndefined();
    expect(stored.reports.get(legacy)!.link).toBeUndefined();
    expect(stored.reports.get(legacy)!.report!.metadata.name).toBe(legacy);
    expect(stored.tests.get(ORDERS.id)).toEqual({
      entityRef: ORDERS.entityRef,
      firstLink: {
        sequence: 2,
        previousHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(stored.tests.get(BILLING.id)).toEqual({
      entityRef: BILLING.entityRef,
    });
    expect(stored.tests.has(ghost)).toBe(false);
  });
});
