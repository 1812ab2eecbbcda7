import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  EVIDENCE_CHAIN_GENESIS,
  EVIDENCE_EXPORT_COLUMNS,
  evidenceRecordHash,
  verifyEvidenceChain,
  kymarosEvidenceReadPermission,
  kymarosReportReadPermission,
  parseEvidenceExport,
  type RestoreReport,
} from '@kymaros/plugin-kymaros-common';
import express from 'express';
import type { Knex } from 'knex';
import request from 'supertest';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import { permissionsFromPolicy } from '../router/__testUtils__/permissionsFromPolicy';
import { createRouter } from '../router/createRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ORDERS = testRecord('component:default/orders', 'orders', {
  owner: 'group:default/team-a',
});
const PAYMENTS = testRecord('component:default/payments', 'payments', {
  owner: 'group:default/team-c',
});

function entity(name: string, owner: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner },
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}
const ENTITIES = [
  entity('orders', 'group:default/team-a'),
  entity('payments', 'group:default/team-c'),
];

const at = (minute: number) =>
  new Date(Date.UTC(2026, 11, 1, 3, minute)).toISOString();

describe('the evidence routes', () => {
  let store: DatabaseKymarosStore;
  let knex: Knex;

  async function makeApp(
    permissions: PermissionsService = mockServices.permissions(),
  ) {
    const router = await createRouter({
      store,
      runner: { requestRun: jest.fn() },
      httpAuth: mockServices.httpAuth({ pluginId: 'kymaros' }),
      auth: mockServices.auth(),
      permissions,
      catalog: catalogServiceMock({ entities: ENTITIES }),
      logger: mockServices.logger.mock(),
    });
    return express().use(router).use(mockErrorHandler());
  }

  async function insert(
    test: typeof ORDERS,
    minute: number,
    report?: Partial<RestoreReport['status']>,
  ) {
    const base = restoreReport(test.id, `${test.name}-${minute}`, {
      createdAt: at(minute),
    });
    await store.insertReport(
      test.id,
      test.entityRef,
      {
        ...base,
        spec: { ...base.spec, entityRef: test.entityRef },
        status: { ...base.status, ...report },
      },
      10,
      test.owner,
    );
  }

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests([ORDERS, PAYMENTS]);
    await insert(ORDERS, 1);
    await insert(PAYMENTS, 2);
    await insert(ORDERS, 3, { triggeredBy: '=HYPERLINK("http://x","y")' });
  });

  it('exports one CSV row per run, by test and time, that verifies', async () => {
    const app = await makeApp();
    const res = await request(app).get('/evidence');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="kymaros-evidence-.*\.csv"$/,
    );
    expect(res.headers['access-control-expose-headers']).toBe(
      'Content-Disposition',
    );
    const [header, ...rows] = res.text.trimEnd().split('\r\n');
    expect(header.split(',')).toEqual([...EVIDENCE_EXPORT_COLUMNS]);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const records = parseEvidenceExport(res.text);
    expect(records.map(r => [r.report, r.owner, r.sequence])).toEqual([
      ['orders-1', 'group:default/team-a', '1'],
      ['orders-3', 'group:default/team-a', '2'],
      ['payments-2', 'group:default/team-c', '1'],
    ]);
    expect(records[1].triggeredBy).toBe('=HYPERLINK("http://x","y")');

    const verified = await request(app)
      .post('/evidence/verify')
      .set('Content-Type', 'text/csv')
      .send(res.text);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ ok: true, total: 3, verified: 3 });
  });

  it('exports JSON for one entity and a time range, and verifies it', async () => {
    const app = await makeApp();
    const res = await request(app).get('/evidence').query({
      format: 'json',
      entityRef: 'Component:default/orders',
      from: '2026-12-01T03:02:00Z',
      to: '2026-12-01',
    });
    expect(res.status).toBe(200);
    expect(res.body.format).toBe('kymaros-evidence/v1');
    expect(res.body.records.map((r: { report: string }) => r.report)).toEqual([
      'orders-3',
    ]);
    const verified = await request(app)
      .post('/evidence/verify')
      .set('Content-Type', 'application/json')
      .send(res.text);
    expect(verified.body).toMatchObject({ ok: true, total: 1 });
  });

  it('names the first record of a tampered export that fails, and why', async () => {
    const app = await makeApp();
    const csv = (await request(app).get('/evidence')).text;
    const tampered = csv.replace('orders-3,2026', 'orders-3,2025');
    expect(tampered).not.toBe(csv);
    const res = await request(app)
      .post('/evidence/verify')
      .set('Content-Type', 'text/csv')
      .send(tampered);
    expect(res.status).toBe(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.firstFailure).toMatchObject({
      index: 2,
      report: 'orders-3',
      reason:
        'its content does not match its hash: it was changed after it was recorded',
    });
  });

  it('refuses an export whose chain was recomputed after an edit, which verifies on its own', async () => {
    const app = await makeApp();
    const records = parseEvidenceExport(
      (await request(app).get('/evidence')).text,
    );
    // Forge orders-1 as a pass and rebuild the hashes of its test's chain.
    const forged = [...records];
    let previous = EVIDENCE_CHAIN_GENESIS;
    for (const [i, record] of forged.entries()) {
      if (record.test !== ORDERS.id) continue;
      const edited = {
        ...record,
        result: record.report === 'orders-1' ? 'fail' : record.result,
        previousHash: previous,
      };
      edited.hash = evidenceRecordHash(edited, previous);
      previous = edited.hash;
      forged[i] = edited;
    }
    expect(verifyEvidenceChain(forged).ok).toBe(true);
    const res = await request(app)
      .post('/evidence/verify')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ records: forged }));
    expect(res.body.ok).toBe(false);
    expect(res.body.firstFailure).toMatchObject({
      report: 'orders-1',
      reason:
        'its hash is not the one stored when the report was recorded: the export was rebuilt after an edit',
    });
    expect(res.body.records.map((r: { status: string }) => r.status)).toEqual([
      'failed',
      'failed',
      'verified',
    ]);
  });

  describe('checked against the store', () => {
    type Row = ReturnType<typeof parseEvidenceExport>[number];

    async function exportedRecords(app: express.Express) {
      return parseEvidenceExport((await request(app).get('/evidence')).text);
    }

    async function verify(app: express.Express, records: Row[]) {
      const res = await request(app)
        .post('/evidence/verify')
        .set('Content-Type', 'application/json')
        .send(JSON.stringify({ records }));
      expect(res.status).toBe(200);
      return res.body;
    }

    /** Rehashes a record onto `previousHash`, as a forger with the format would. */
    function rehash(record: Row, previousHash: string): Row {
      const linked = { ...record, previousHash };
      return { ...linked, hash: evidenceRecordHash(linked, previousHash) };
    }

    it('says of each record of a genuine export that it matched the store', async () => {
      const app = await makeApp();
      const body = await verify(app, await exportedRecords(app));
      expect(body).toMatchObject({ ok: true, verified: 3 });
      expect(
        body.records.map((r: { checkedAgainst: string }) => r.checkedAgainst),
      ).toEqual(['store', 'store', 'store']);
    });

    it('refuses the newest record made a pass, its hash blanked and moved first as if stored before the chain', async () => {
      const app = await makeApp();
      const records = await exportedRecords(app);
      const newest = records.find(r => r.report === 'orders-3')!;
      const forged = {
        ...newest,
        result: 'pass',
        score: '100',
        hash: '',
        previousHash: '',
      };
      const reordered = [forged, ...records.filter(r => r !== newest)];
      expect(verifyEvidenceChain(reordered).ok).toBe(true);
      const body = await verify(app, reordered);
      expect(body.ok).toBe(false);
      expect(body.firstFailure).toMatchObject({
        index: 1,
        report: 'orders-3',
        status: 'failed',
        reason: expect.stringContaining('stored with a hash'),
      });
    });

    it('refuses the last record renamed to a report that does not exist and rehashed', async () => {
      const app = await makeApp();
      const records = await exportedRecords(app);
      const last = records.length - 1;
      records[last] = rehash(
        { ...records[last], report: 'payments-99', score: '100' },
        records[last].previousHash,
      );
      expect(verifyEvidenceChain(records).ok).toBe(true);
      const body = await verify(app, records);
      expect(body.ok).toBe(false);
      expect(body.firstFailure).toMatchObject({
        report: 'payments-99',
        reason: expect.stringContaining(
          'not in the store: invented or renamed',
        ),
      });
    });

    it('refuses an invented test with invented reports', async () => {
      const app = await makeApp();
      const [template] = await exportedRecords(app);
      const test = 'component:default/ghost:ghost';
      const first = rehash(
        {
          ...template,
          test,
          entity: 'component:default/ghost',
          report: 'ghost-1',
          sequence: '1',
        },
        EVIDENCE_CHAIN_GENESIS,
      );
      const second = rehash(
        { ...first, report: 'ghost-2', sequence: '2' },
        first.hash,
      );
      expect(verifyEvidenceChain([first, second])).toMatchObject({
        ok: true,
        verified: 2,
      });
      const body = await verify(app, [first, second]);
      expect(body.ok).toBe(false);
      expect(body.verified).toBe(0);
      expect(body.firstFailure).toMatchObject({
        report: 'ghost-1',
        reason: expect.stringContaining('cannot be checked against the store'),
      });
    });

    it('refuses records of entities the caller may not read, even genuine ones', async () => {
      const records = await exportedRecords(await makeApp());
      const ownersOnly = permissionsFromPolicy((permission, user) => {
        if (isPermission(permission, kymarosReportReadPermission))
          return createCatalogConditionalDecision(
            permission,
            catalogConditions.isEntityOwner({
              claims: [user, 'group:default/team-a'],
            }),
          );
        return { result: AuthorizeResult.ALLOW };
      }, ENTITIES);
      const body = await verify(await makeApp(ownersOnly), records);
      expect(body.ok).toBe(false);
      expect(body.firstFailure).toMatchObject({
        report: 'payments-2',
        reason: expect.stringContaining('cannot be checked against the store'),
      });
    });

    it('accepts a report stored before the chain only as it is stored', async () => {
      await knex('report_chain').where('report_name', 'payments-2').delete();
      const app = await makeApp();
      const records = await exportedRecords(app);
      const legacy = records.findIndex(r => r.report === 'payments-2');
      const body = await verify(app, records);
      expect(body.ok).toBe(true);
      expect(body.records[legacy]).toMatchObject({
        status: 'unchained',
        checkedAgainst: 'store',
      });
      records[legacy] = { ...records[legacy], score: '100' };
      expect(verifyEvidenceChain(records).ok).toBe(true);
      expect((await verify(app, records)).firstFailure).toMatchObject({
        report: 'payments-2',
        reason: expect.stringContaining('score'),
      });
    });

    it('accepts a pruned record by its chain alone, and only below the first record kept', async () => {
      const app = await makeApp();
      const records = await exportedRecords(app);
      await knex('report_chain').where('report_name', 'orders-1').delete();
      await knex('restore_reports').where('name', 'orders-1').delete();
      const body = await verify(app, records);
      expect(body.ok).toBe(true);
      expect(body.records[0]).toMatchObject({
        report: 'orders-1',
        status: 'verified',
        checkedAgainst: 'chain',
        reason: expect.stringContaining('no longer stored'),
      });
      const forged = [
        rehash({ ...records[0], score: '100' }, EVIDENCE_CHAIN_GENESIS),
      ];
      expect((await verify(app, forged)).firstFailure).toMatchObject({
        report: 'orders-1',
        reason: expect.stringContaining('previous hash stored'),
      });
      const unhashed = [{ ...records[0], hash: '', previousHash: '' }];
      expect((await verify(app, unhashed)).firstFailure).toMatchObject({
        report: 'orders-1',
        reason: expect.stringContaining('not in the store'),
      });
    });
  });

  it('answers 400 naming a body that is not an export', async () => {
    const app = await makeApp();
    const res = await request(app)
      .post('/evidence/verify')
      .set('Content-Type', 'text/plain')
      .send('name,score\r\na,1\r\n');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/lacks the column\(s\) format/);
    const empty = await request(app).post('/evidence/verify');
    expect(empty.status).toBe(400);
  });

  it.each([
    [{ from: 'yesterday' }, 'from "yesterday" is not a date'],
    [{ to: '2026-13-01' }, 'to "2026-13-01" is not a date'],
    [{ format: 'xml' }, 'format "xml" is not supported: use csv or json'],
    [
      { from: '2026-12-02', to: '2026-12-01' },
      'from "2026-12-02" is after to "2026-12-01"',
    ],
    [{ entityRef: 'bad::ref' }, 'Invalid entityRef'],
    [{ owner: 'not a ref' }, 'owner "not a ref" is not an entity ref'],
  ])('answers 400 for %j', async (query, message) => {
    const res = await request(await makeApp())
      .get('/evidence')
      .query(query);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it('filters by the owner recorded with each report', async () => {
    const res = await request(await makeApp())
      .get('/evidence')
      .query({ owner: 'group:default/team-c', format: 'json' });
    expect(res.body.records.map((r: { report: string }) => r.report)).toEqual([
      'payments-2',
    ]);
  });

  describe('permissions', () => {
    const ownersOnly = permissionsFromPolicy((permission, user) => {
      if (isPermission(permission, kymarosReportReadPermission))
        return createCatalogConditionalDecision(
          permission,
          catalogConditions.isEntityOwner({
            claims: [user, 'group:default/team-a'],
          }),
        );
      return { result: AuthorizeResult.ALLOW };
    }, ENTITIES);

    it('holds only the entities whose reports the caller may read', async () => {
      const res = await request(await makeApp(ownersOnly))
        .get('/evidence')
        .query({ format: 'json' });
      expect(res.body.records.map((r: { report: string }) => r.report)).toEqual(
        ['orders-1', 'orders-3'],
      );
      const one = await request(await makeApp(ownersOnly))
        .get('/evidence')
        .query({ format: 'json', entityRef: PAYMENTS.entityRef });
      expect(one.body.records).toEqual([]);
    });

    it('refuses export and verification without kymaros.evidence.read', async () => {
      const denyEvidence = permissionsFromPolicy(
        permission =>
          isPermission(permission, kymarosEvidenceReadPermission)
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW },
        ENTITIES,
      );
      const app = await makeApp(denyEvidence);
      const res = await request(app).get('/evidence');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You may not use kymaros.evidence.read',
      );
      const verify = await request(app)
        .post('/evidence/verify')
        .set('Content-Type', 'text/csv')
        .send('x');
      expect(verify.status).toBe(403);
    });

    it('rejects callers without credentials', async () => {
      const res = await request(await makeApp())
        .get('/evidence')
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    });
  });
});
