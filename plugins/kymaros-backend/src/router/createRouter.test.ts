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
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
  type RestoreReport,
  type RestoreTestItem,
  type SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import express from 'express';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import { schedulerTimeZone } from '../scheduling/timeZones';
import {
  permissionsFromPolicy,
  type TestPolicy,
} from './__testUtils__/permissionsFromPolicy';
import {
  createRouter,
  kymarosAuthPolicies,
  type KymarosRouterOptions,
} from './createRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ORDERS = testRecord('component:default/orders', 'orders', {
  owner: 'group:default/team-a',
});
const ORDERS_DB = testRecord('component:default/orders', 'orders-db', {
  owner: 'group:default/team-a',
});
const BROKEN = testRecord('component:default/broken', 'broken', {
  spec: undefined,
  error: 'kymaros.io/schedule: invalid cron "every day"',
});
const PAYMENTS = testRecord('component:default/payments', 'payments');

/** A report as the runner stores it: naming the test's entity. */
function report(
  test: { id: string; entityRef: string },
  name: string,
  options: Parameters<typeof restoreReport>[2] = {},
): RestoreReport {
  const base = restoreReport(test.id, name, options);
  return { ...base, spec: { ...base.spec, entityRef: test.entityRef } };
}

function component(
  name: string,
  spec: Record<string, string>,
  kind = 'Component',
): Entity {
  const owner = spec.owner.includes(':')
    ? spec.owner
    : `group:default/${spec.owner}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(name === 'payments' && { title: 'Payments' }),
    },
    spec,
    // As the catalog stitches them; isEntityOwner matches on these.
    relations: [{ type: 'ownedBy', targetRef: owner }],
  };
}

const ENTITIES = [
  component('orders', {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/team-a',
  }),
  component('payments', {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-c',
  }),
  component('ledger', {
    type: 'service',
    lifecycle: 'production',
    owner: 'team-c',
  }),
  component('sandbox', {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'team-c',
  }),
  component(
    'orders-api',
    { type: 'openapi', lifecycle: 'production', owner: 'team-a' },
    'API',
  ),
];

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 10, 22, 3, minutes)).toISOString();
const testPath = (id: string) => `/tests/${encodeURIComponent(id)}`;

function permissionsDenying(denied: string): PermissionsService {
  const decide = (requests: { permission: { name: string } }[]) =>
    requests.map(r => ({
      result:
        r.permission.name === denied
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    }));
  return mockServices.permissions.mock({
    authorize: async requests => decide(requests),
    authorizeConditional: async requests => decide(requests) as any,
  });
}

describe('createRouter', () => {
  let store: DatabaseKymarosStore;
  let runner: { requestRun: jest.Mock<Promise<void>, [string, string]> };

  async function makeApp(
    permissions: PermissionsService = mockServices.permissions(),
    catalog: CatalogService = catalogServiceMock({ entities: ENTITIES }),
    options: Partial<KymarosRouterOptions> = {},
  ) {
    const router = await createRouter({
      store,
      runner,
      httpAuth: mockServices.httpAuth({ pluginId: 'kymaros' }),
      auth: mockServices.auth(),
      permissions,
      catalog,
      logger: mockServices.logger.mock(),
      ...options,
    });
    return express().use(router).use(mockErrorHandler());
  }

  beforeEach(async () => {
    store = await DatabaseKymarosStore.create({
      knex: await databases.init('SQLITE_3'),
    });
    runner = {
      requestRun: jest
        .fn<Promise<void>, [string, string]>()
        .mockResolvedValue(),
    };
    await store.upsertTests([ORDERS, ORDERS_DB, BROKEN]);
    for (const [i, score] of [60, 72, 88, 91].entries()) {
      const stored = report(ORDERS, `orders-${i}`, {
        score,
        createdAt: at(i),
        withinSLA: score > 90,
        backupAge: `${i + 1}h`,
      });
      await store.insertReport(ORDERS.id, ORDERS.entityRef, stored, 10);
    }
    await store.updateState(ORDERS.id, {
      phase: 'Completed',
      lastRunAt: at(3),
      lastScore: 91,
    });
  });

  it('serves /health without credentials, as its exported auth policy allows', async () => {
    const app = await makeApp();
    const res = await request(app)
      .get('/health')
      .set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(kymarosAuthPolicies).toEqual([
      { path: '/health', allow: 'unauthenticated' },
    ]);
  });

  it.each(['/tests', testPath(ORDERS.id), '/summary', '/reports/orders-0'])(
    'rejects GET %s without credentials',
    async path => {
      const app = await makeApp();
      const res = await request(app)
        .get(path)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
    },
  );

  it('accepts service credentials', async () => {
    const app = await makeApp();
    const res = await request(app)
      .get('/tests')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  describe('without kymaros.report.read on any entity', () => {
    it.each([
      '/tests',
      `/tests?entityRef=${ORDERS.entityRef}`,
      `/tests?entityRef=${ORDERS.entityRef}&reports=10`,
    ])('lists nothing on GET %s', async path => {
      const app = await makeApp(permissionsDenying('kymaros.report.read'));
      const res = await request(app).get(path);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });

    it('summarizes nothing, not even the coverage gaps', async () => {
      const app = await makeApp(permissionsDenying('kymaros.report.read'));
      const res = await request(app).get('/summary');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [],
        totalItems: 0,
        counts: {
          pass: 0,
          partial: 0,
          fail: 0,
          error: 0,
          invalid: 0,
          never: 0,
        },
        owners: [],
        rpoBreached: 0,
        notOptedIn: [],
        notOptedInTotal: 0,
      });
    });

    // As the catalog answers for entities the caller may not read: the same
    // 404 as for an id that does not exist, so existence does not leak.
    it.each([
      ['GET', testPath(ORDERS.id), `No restore test ${ORDERS.id}`],
      ['GET', `${testPath(ORDERS.id)}/reports`, `No restore test ${ORDERS.id}`],
      ['GET', '/reports/orders-0', 'No restore report orders-0'],
      ['POST', `${testPath(ORDERS.id)}/run`, `No restore test ${ORDERS.id}`],
    ])(
      'answers %s %s with 404, as for an unknown id',
      async (method, path, message) => {
        const app = await makeApp(permissionsDenying('kymaros.report.read'));
        const res = await (method === 'GET'
          ? request(app).get(path)
          : request(app).post(path));
        expect(res.status).toBe(404);
        expect(res.body.error).toMatchObject({
          name: 'NotFoundError',
          message,
        });
        expect(runner.requestRun).not.toHaveBeenCalled();
      },
    );
  });

  describe('GET /tests', () => {
    it('lists every test with its status', async () => {
      const res = await request(await makeApp()).get('/tests');
      expect(res.status).toBe(200);
      expect(res.body.items.map((t: { id: string }) => t.id)).toEqual([
        BROKEN.id,
        ORDERS.id,
        ORDERS_DB.id,
      ]);
      expect(res.body.items[0]).toEqual({
        id: BROKEN.id,
        name: 'broken',
        entityRef: BROKEN.entityRef,
        source: 'annotations',
        status: { phase: 'Idle', error: BROKEN.error },
      });
    });

    it('filters by a normalised entityRef', async () => {
      const res = await request(await makeApp())
        .get('/tests')
        .query({ entityRef: 'Component:default/Orders' });
      expect(res.status).toBe(200);
      expect(res.body.items).toHaveLength(2);
      expect(res.body.items[0]).toEqual({
        id: ORDERS.id,
        name: 'orders',
        entityRef: ORDERS.entityRef,
        source: 'annotations',
        spec: ORDERS.spec,
        status: {
          phase: 'Completed',
          lastRunAt: at(3),
          lastScore: 91,
          // The test's cron names no zone: it fires in the scheduler's.
          scheduleTimeZone: schedulerTimeZone(),
        },
      });
    });

    it("includes each test's newest reports when asked, with one permission check", async () => {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const res = await request(await makeApp(permissions))
        .get('/tests')
        .query({ entityRef: ORDERS.entityRef, reports: '3' })
        .expect(200);
      expect(
        res.body.items.map((t: RestoreTestItem) => [
          t.id,
          t.reports?.map(r => r.metadata.name),
        ]),
      ).toEqual([
        [ORDERS.id, ['orders-3', 'orders-2', 'orders-1']],
        [ORDERS_DB.id, []],
      ]);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
    });

    it.each([
      [{ reports: '3' }, 'reports may only be given with entityRef'],
      [
        { entityRef: 'component:default/orders', reports: '0' },
        'reports must be a whole number from 1 to 100, got "0"',
      ],
      [
        { entityRef: 'component:default/orders', reports: ['1', '2'] },
        'reports must be given once, got ["1","2"]',
      ],
    ])('answers 400 for %j', async (query, message) => {
      const res = await request(await makeApp())
        .get('/tests')
        .query(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'InputError', message });
    });

    it.each([
      ['orders', /missing or empty kind/],
      ['component:default/', /was not on the form/],
      ['bad::ref', /name ":ref" is not valid/],
      ['component:default/no spaces', /name "no spaces" is not valid/],
      [['component:default/a', 'component:default/b'], /given once/],
    ])('answers 400 for entityRef=%j', async (entityRef, message) => {
      const res = await request(await makeApp())
        .get('/tests')
        .query({ entityRef });
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringMatching(message),
      });
    });
  });

  describe('GET /tests/:id', () => {
    it('returns one test by its URL-encoded id', async () => {
      const res = await request(await makeApp()).get(testPath(ORDERS_DB.id));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id: ORDERS_DB.id,
        status: { phase: 'Idle' },
      });
    });

    it('answers 404 for an unknown id', async () => {
      const res = await request(await makeApp()).get(
        testPath('component:default/nope:nope'),
      );
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ name: 'NotFoundError' });
    });
  });

  describe('GET /tests/:id/reports', () => {
    const names = (res: request.Response) =>
      res.body.items.map((r: any) => r.metadata.name);

    it('lists reports newest first, up to the limit', async () => {
      const app = await makeApp();
      expect(
        names(await request(app).get(`${testPath(ORDERS.id)}/reports`)),
      ).toEqual(['orders-3', 'orders-2', 'orders-1', 'orders-0']);
      const limited = await request(app)
        .get(`${testPath(ORDERS.id)}/reports`)
        .query({ limit: '2' });
      expect(limited.status).toBe(200);
      expect(names(limited)).toEqual(['orders-3', 'orders-2']);
    });

    it.each(['0', '101', 'ten', '2.5', '-1', ''])(
      'answers 400 for limit=%j',
      async limit => {
        const res = await request(await makeApp())
          .get(`${testPath(ORDERS.id)}/reports`)
          .query({ limit });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(
          /limit must be a whole number from 1 to 100/,
        );
      },
    );

    it('returns an empty list for a test without reports', async () => {
      const res = await request(await makeApp()).get(
        `${testPath(ORDERS_DB.id)}/reports`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ items: [] });
    });

    it('keeps serving the reports of a removed test, and 404s when there is neither', async () => {
      await store.removeTestsExcept([]);
      const app = await makeApp();
      expect(
        names(await request(app).get(`${testPath(ORDERS.id)}/reports`)),
      ).toHaveLength(4);
      expect(
        (await request(app).get(`${testPath(ORDERS_DB.id)}/reports`)).status,
      ).toBe(404);
    });
  });

  describe('GET /reports/:name', () => {
    /** orders-1 as stored, times with their milliseconds as reports were once stored. */
    const stored = () =>
      report(ORDERS, 'orders-1', {
        score: 72,
        createdAt: at(1),
        withinSLA: false,
        backupAge: '2h',
      });
    /** orders-1 as the API presents it. */
    const presented = (namespace = 'kymaros-system'): RestoreReport => {
      const r = stored();
      return {
        ...r,
        metadata: {
          name: r.metadata.name,
          namespace,
          labels: r.metadata.labels,
          creationTimestamp: '2026-11-22T03:01:00Z',
        },
        status: {
          ...r.status,
          startedAt: '2026-11-22T03:01:00Z',
          completedAt: '2026-11-22T03:01:00Z',
        },
      };
    };

    it('returns the report in the reports namespace, with its times in RFC 3339 seconds even when stored with fractions', async () => {
      expect(stored().status.startedAt).toBe('2026-11-22T03:01:00.000Z');
      const res = await request(await makeApp()).get('/reports/orders-1');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(presented());
    });

    it('puts every report it answers in the configured namespace', async () => {
      const app = await makeApp(undefined, undefined, {
        reportNamespace: 'backup-audit',
      });
      expect((await request(app).get('/reports/orders-1')).body).toEqual(
        presented('backup-audit'),
      );
      const listed = await request(app).get(`${testPath(ORDERS.id)}/reports`);
      const withTests = await request(app)
        .get('/tests')
        .query({ entityRef: ORDERS.entityRef, reports: '2' });
      const namespaces = [
        ...listed.body.items,
        ...withTests.body.items[0].reports,
      ].map((r: RestoreReport) => r.metadata.namespace);
      expect(namespaces).toEqual(Array(6).fill('backup-audit'));
    });

    it('answers format=yaml with the report as kubectl get rr -o yaml prints it', async () => {
      const res = await request(await makeApp())
        .get('/reports/orders-1')
        .query({ format: 'yaml' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(
        'application/yaml; charset=utf-8',
      );
      expect(res.text.split('\n').slice(0, 6)).toEqual([
        'apiVersion: restore.kymaros.io/v1alpha1',
        'kind: RestoreReport',
        'metadata:',
        '  name: orders-1',
        '  namespace: kymaros-system',
        '  labels:',
      ]);
      expect(res.text).toContain('  startedAt: "2026-11-22T03:01:00Z"\n');
      expect(res.text).toContain('    tested: []\n');
      expect(parseYaml(res.text)).toEqual(presented());
      const json = await request(await makeApp())
        .get('/reports/orders-1')
        .query({ format: 'json' });
      expect(json.body).toEqual(presented());
    });

    it.each([
      [{ format: 'xml' }, 'format must be json or yaml, got "xml"'],
      [{ format: 'YAML' }, 'format must be json or yaml, got "YAML"'],
      [{ format: ['yaml', 'json'] }, 'format must be given once'],
    ])('answers 400 for %j', async (query, message) => {
      const res = await request(await makeApp())
        .get('/reports/orders-1')
        .query(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'InputError',
        message: expect.stringContaining(message),
      });
    });

    it('answers format=yaml for a report the caller may not read with the same 404 as JSON', async () => {
      const app = await makeApp(permissionsDenying('kymaros.report.read'));
      const res = await request(app)
        .get('/reports/orders-1')
        .query({ format: 'yaml' });
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No restore report orders-1',
      });
    });

    it('answers 404 for an unknown name', async () => {
      const res = await request(await makeApp()).get('/reports/nope');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({
        name: 'NotFoundError',
        message: 'No restore report nope',
      });
    });
  });

  describe('GET /reports/:name/logs', () => {
    const evidence = {
      podLogs: [
        {
          podName: 'orders-postgres-0',
          namespace: 'kymaros-orders-x1',
          sourceNamespace: 'orders',
          phase: 'Running',
          containers: [
            {
              name: 'postgres',
              type: 'previous' as const,
              log: 'FATAL: out of memory\n',
              truncated: false,
              totalLines: 1,
            },
          ],
        },
      ],
      events: [],
    };

    it('answers the logs and events the run kept', async () => {
      await store.insertEvidence('orders-1', evidence);
      const res = await request(await makeApp()).get('/reports/orders-1/logs');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(evidence);
    });

    it('answers 404 saying why when the run kept none, and the same 404 as an unknown report to a caller who may not read it', async () => {
      const none = await request(await makeApp()).get('/reports/orders-1/logs');
      expect(none.status).toBe(404);
      expect(none.body.error.message).toBe(
        'Report orders-1 kept no evidence: its run created no sandbox',
      );
      await store.insertEvidence('orders-1', evidence);
      const denied = await request(
        await makeApp(permissionsDenying('kymaros.report.read')),
      ).get('/reports/orders-1/logs');
      expect(denied.status).toBe(404);
      expect(denied.body.error.message).toBe('No restore report orders-1');
    });
  });

  describe('POST /tests/:id/run', () => {
    it('accepts the run and passes the calling user to the runner', async () => {
      const res = await request(await makeApp()).post(
        `${testPath(ORDERS.id)}/run`,
      );
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ testId: ORDERS.id, status: 'accepted' });
      expect(runner.requestRun).toHaveBeenCalledWith(
        ORDERS.id,
        mockCredentials.user().principal.userEntityRef,
      );
    });

    it('passes a service caller by its subject', async () => {
      const ci = mockCredentials.service('external:ci');
      const res = await request(await makeApp())
        .post(`${testPath(ORDERS.id)}/run`)
        .set(
          'Authorization',
          mockCredentials.service.header({
            onBehalfOf: ci,
            targetPluginId: 'kymaros',
          }),
        );
      expect(res.status).toBe(202);
      expect(runner.requestRun).toHaveBeenCalledWith(ORDERS.id, 'external:ci');
    });

    it('answers 403 without kymaros.restoretest.run, even when reads are allowed', async () => {
      const res = await request(
        await makeApp(permissionsDenying('kymaros.restoretest.run')),
      ).post(`${testPath(ORDERS.id)}/run`);
      expect(res.status).toBe(403);
      expect(runner.requestRun).not.toHaveBeenCalled();
    });

    it('answers 401 without credentials', async () => {
      const res = await request(await makeApp())
        .post(`${testPath(ORDERS.id)}/run`)
        .set('Authorization', mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(runner.requestRun).not.toHaveBeenCalled();
    });

    it('answers 404 for an unknown test', async () => {
      const res = await request(await makeApp()).post(
        `${testPath('component:default/nope:nope')}/run`,
      );
      expect(res.status).toBe(404);
      expect(runner.requestRun).not.toHaveBeenCalled();
    });

    it('answers 409 with the reason for an invalid test', async () => {
      const res = await request(await makeApp()).post(
        `${testPath(BROKEN.id)}/run`,
      );
      expect(res.status).toBe(409);
      expect(res.body.error).toMatchObject({
        name: 'ConflictError',
        message: BROKEN.error,
      });
      expect(runner.requestRun).not.toHaveBeenCalled();
    });
  });

  describe('GET /summary', () => {
    const NO_COUNTS = {
      pass: 0,
      partial: 0,
      fail: 0,
      error: 0,
      invalid: 0,
      never: 0,
    };

    it('summarizes the tests worst first, with totals and production components without one', async () => {
      const res = await request(await makeApp()).get('/summary');
      expect(res.status).toBe(200);
      const expected: SummaryResponse = {
        items: [
          {
            entityRef: BROKEN.entityRef,
            testId: BROKEN.id,
            testName: 'broken',
            phase: 'Idle',
            error: BROKEN.error,
            trend: [],
          },
          {
            entityRef: ORDERS_DB.entityRef,
            owner: 'group:default/team-a',
            testId: ORDERS_DB.id,
            testName: 'orders-db',
            phase: 'Idle',
            trend: [],
          },
          {
            entityRef: ORDERS.entityRef,
            owner: 'group:default/team-a',
            testId: ORDERS.id,
            testName: 'orders',
            score: 91,
            result: 'pass',
            withinSLA: true,
            backupAge: '4h',
            lastRunAt: at(3),
            phase: 'Completed',
            trend: [60, 72, 88, 91],
          },
        ],
        totalItems: 3,
        counts: { ...NO_COUNTS, pass: 1, invalid: 1, never: 1 },
        owners: ['group:default/team-a'],
        rpoBreached: 0,
        notOptedIn: [
          { entityRef: 'component:default/ledger', owner: 'team-c' },
          {
            entityRef: 'component:default/payments',
            owner: 'team-c',
            title: 'Payments',
          },
        ],
        notOptedInTotal: 2,
      };
      expect(res.body).toEqual(expected);
    });

    it('keeps the trend to the ten newest scores, oldest first', async () => {
      for (let i = 4; i < 14; i++) {
        const stored = report(ORDERS, `orders-${i}`, {
          score: 80 + i,
          createdAt: at(i),
        });
        await store.insertReport(ORDERS.id, ORDERS.entityRef, stored, 20);
      }
      const res = await request(await makeApp()).get('/summary');
      const orders = res.body.items.find(
        (item: { testId: string }) => item.testId === ORDERS.id,
      );
      expect(orders.trend).toEqual([84, 85, 86, 87, 88, 89, 90, 91, 92, 93]);
      expect(orders).toMatchObject({
        score: 93,
        withinSLA: true,
        backupAge: '3h',
      });
    });

    it('pages, filters and sorts, keeping the totals of every readable test', async () => {
      const app = await makeApp();
      const names = async (query: string) => {
        const res = await request(app).get(`/summary?${query}`).expect(200);
        expect(res.body.counts).toEqual({
          ...NO_COUNTS,
          pass: 1,
          invalid: 1,
          never: 1,
        });
        return {
          names: res.body.items.map((i: { testName: string }) => i.testName),
          total: res.body.totalItems,
        };
      };
      expect(await names('limit=2')).toEqual({
        names: ['broken', 'orders-db'],
        total: 3,
      });
      expect(await names('limit=2&offset=2')).toEqual({
        names: ['orders'],
        total: 3,
      });
      expect(await names('result=never')).toEqual({
        names: ['orders-db'],
        total: 1,
      });
      expect(await names('owner=team-a&sort=entityRef&order=desc')).toEqual({
        names: ['orders-db', 'orders'],
        total: 2,
      });
      expect(await names('search=BROK')).toEqual({
        names: ['broken'],
        total: 1,
      });
    });

    it("lists only the owner's coverage gaps when filtered by owner", async () => {
      const app = await makeApp();
      const gaps = async (query: string) => {
        const res = await request(app).get(`/summary?${query}`).expect(200);
        return [res.body.notOptedIn.length, res.body.notOptedInTotal];
      };
      expect(await gaps('owner=team-c')).toEqual([2, 2]);
      expect(await gaps('owner=group:default/team-c')).toEqual([2, 2]);
      expect(await gaps('owner=team-a')).toEqual([0, 0]);
      expect(await gaps('')).toEqual([2, 2]);
    });

    it.each([
      ['limit=0', 'limit must be a whole number from 1 to 500, got "0"'],
      ['limit=501', 'limit must be a whole number from 1 to 500, got "501"'],
      [
        'offset=-1',
        'offset must be a whole number from 0 to 1000000000, got "-1"',
      ],
      [
        'result=broken',
        'result must be one of pass, partial, fail, error, invalid, never, got "broken"',
      ],
      [
        'sort=name',
        'sort must be one of worst, entityRef, score, lastRunAt, got "name"',
      ],
      ['order=up', 'order must be one of asc, desc, got "up"'],
      [
        'owner=group:default/',
        'owner must be an entity ref such as group:default/team-a, got "group:default/"',
      ],
      ['limit=1&limit=2', 'limit must be given once, got ["1","2"]'],
      [
        `search=${'x'.repeat(201)}`,
        'search must be at most 200 characters, got 201',
      ],
      [
        'page=2',
        'Unknown query parameter "page"; expected limit, offset, result, owner, rpo, search, sort, order',
      ],
      ['rpo=late', 'rpo must be one of breached, got "late"'],
    ])('answers 400 to %s', async (query, message) => {
      const res = await request(await makeApp()).get(`/summary?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'InputError', message });
    });
  });

  describe("per entity, with a policy using the catalog's isEntityOwner", () => {
    const ALICE = 'user:default/alice';
    const BOB = 'user:default/bob';
    /** What the auth backend would put in each user's ownership claims. */
    const claims: Record<string, string[]> = {
      [ALICE]: [ALICE, 'group:default/team-a'],
      [BOB]: [BOB, 'group:default/team-c'],
    };
    const ownersOnly =
      (permission: typeof kymarosRestoreTestRunPermission): TestPolicy =>
      (requested, user) =>
        isPermission(requested, permission)
          ? createCatalogConditionalDecision(
              requested,
              catalogConditions.isEntityOwner({ claims: claims[user] }),
            )
          : { result: AuthorizeResult.ALLOW };
    const as = (user: string) => ({
      Authorization: mockCredentials.user.header(user),
    });
    const ids = (res: request.Response) =>
      res.body.items.map(
        (item: { id?: string; testId?: string }) => item.id ?? item.testId,
      );

    beforeEach(async () => {
      await store.upsertTests([PAYMENTS]);
      await store.insertReport(
        PAYMENTS.id,
        PAYMENTS.entityRef,
        report(PAYMENTS, 'payments-0'),
        10,
      );
    });

    it("lets owners run their entity's tests and answers 403 to everyone else", async () => {
      const app = await makeApp(
        permissionsFromPolicy(
          ownersOnly(kymarosRestoreTestRunPermission),
          ENTITIES,
        ),
      );
      const run = (id: string, user: string) =>
        request(app)
          .post(`${testPath(id)}/run`)
          .set(as(user));

      expect((await run(ORDERS.id, ALICE)).status).toBe(202);
      expect((await run(PAYMENTS.id, BOB)).status).toBe(202);
      const denied = await run(ORDERS.id, BOB);
      expect(denied.status).toBe(403);
      expect(denied.body.error).toEqual(
        expect.objectContaining({
          name: 'NotAllowedError',
          message: `You may not use kymaros.restoretest.run on ${ORDERS.entityRef}`,
        }),
      );
      expect((await run(PAYMENTS.id, ALICE)).status).toBe(403);
      expect(runner.requestRun.mock.calls).toEqual([
        [ORDERS.id, ALICE],
        [PAYMENTS.id, BOB],
      ]);
      // Reading stays open to everyone under this policy.
      expect(
        (await request(app).get(testPath(ORDERS.id)).set(as(BOB))).status,
      ).toBe(200);
    });

    it('refuses to run a test of an entity the catalog does not hold', async () => {
      const app = await makeApp(
        permissionsFromPolicy(
          ownersOnly(kymarosRestoreTestRunPermission),
          ENTITIES,
        ),
      );
      const res = await request(app)
        .post(`${testPath(BROKEN.id)}/run`)
        .set(as(ALICE));
      expect(res.status).toBe(403);
    });

    it("authorizes a run with the test's entity as resourceRef, read and run in one call", async () => {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const app = await makeApp(permissions);
      await request(app)
        .post(`${testPath(ORDERS.id)}/run`)
        .expect(202);
      expect(permissions.authorize).toHaveBeenCalledTimes(1);
      expect(permissions.authorize.mock.calls[0][0]).toEqual([
        {
          permission: kymarosReportReadPermission,
          resourceRef: ORDERS.entityRef,
        },
        {
          permission: kymarosRestoreTestRunPermission,
          resourceRef: ORDERS.entityRef,
        },
      ]);
    });

    it('lists and summarizes only what the caller may read', async () => {
      const app = await makeApp(
        permissionsFromPolicy(
          ownersOnly(kymarosReportReadPermission),
          ENTITIES,
        ),
      );
      const get = (path: string, user: string) =>
        request(app).get(path).set(as(user));

      expect(ids(await get('/tests', ALICE))).toEqual([
        ORDERS.id,
        ORDERS_DB.id,
      ]);
      expect(ids(await get('/tests', BOB))).toEqual([PAYMENTS.id]);
      expect(
        (await get(`/tests?entityRef=${ORDERS.entityRef}`, BOB)).body,
      ).toEqual({ items: [] });
      expect(
        (await get(`/tests?entityRef=${ORDERS.entityRef}&reports=10`, BOB))
          .body,
      ).toEqual({ items: [] });
      const withReports = await get(
        `/tests?entityRef=${ORDERS.entityRef}&reports=10`,
        ALICE,
      );
      expect(withReports.body.items[0].reports).toHaveLength(4);

      const alice = await get('/summary', ALICE);
      expect(ids(alice)).toEqual([ORDERS_DB.id, ORDERS.id]);
      expect(alice.body).toMatchObject({
        totalItems: 2,
        counts: { pass: 1, never: 1, invalid: 0 },
        notOptedIn: [],
        notOptedInTotal: 0,
      });
      const bob = await get('/summary', BOB);
      expect(ids(bob)).toEqual([PAYMENTS.id]);
      expect(bob.body).toMatchObject({
        totalItems: 1,
        counts: { pass: 1, never: 0, invalid: 0 },
        notOptedIn: [
          { entityRef: 'component:default/ledger', owner: 'team-c' },
        ],
        notOptedInTotal: 1,
      });

      expect((await get('/reports/payments-0', BOB)).status).toBe(200);
      expect((await get('/reports/payments-0', ALICE)).status).toBe(404);
      expect((await get(`${testPath(ORDERS.id)}/reports`, ALICE)).status).toBe(
        200,
      );
      expect((await get(`${testPath(ORDERS.id)}/reports`, BOB)).status).toBe(
        404,
      );
    });

    it('lists a coverage gap only to those who may read its entity in the catalog', async () => {
      const catalogOwnersOnly: TestPolicy = (requested, user) =>
        isPermission(requested, catalogEntityReadPermission)
          ? createCatalogConditionalDecision(
              requested,
              catalogConditions.isEntityOwner({ claims: claims[user] }),
            )
          : { result: AuthorizeResult.ALLOW };
      const app = await makeApp(
        permissionsFromPolicy(catalogOwnersOnly, ENTITIES),
      );
      const gaps = async (user: string) =>
        (await request(app).get('/summary').set(as(user)).expect(200)).body;

      expect(await gaps(ALICE)).toMatchObject({
        totalItems: 4,
        notOptedIn: [],
        notOptedInTotal: 0,
      });
      expect(await gaps(BOB)).toMatchObject({
        totalItems: 4,
        notOptedIn: [
          { entityRef: 'component:default/ledger', owner: 'team-c' },
        ],
        notOptedInTotal: 1,
      });
      const denied = await makeApp(
        permissionsDenying(catalogEntityReadPermission.name),
      );
      expect(
        (await request(denied).get('/summary').expect(200)).body,
      ).toMatchObject({ totalItems: 4, notOptedIn: [], notOptedInTotal: 0 });
    });

    it('asks once per list, with one request per distinct entity', async () => {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const app = await makeApp(permissions);
      const refsAsked = () =>
        permissions.authorize.mock.calls.map(([requests]) =>
          requests.map(r => r.resourceRef),
        );

      await request(app).get('/tests').expect(200);
      expect(refsAsked()).toEqual([
        [BROKEN.entityRef, ORDERS.entityRef, PAYMENTS.entityRef],
      ]);
    });

    it('summarizes with one policy query when the decision is the same for every entity', async () => {
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const res = await request(await makeApp(permissions))
        .get('/summary')
        .expect(200);
      expect(res.body.totalItems).toBe(4);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(1);
      expect(permissions.authorize).not.toHaveBeenCalled();

      permissions.authorizeConditional.mockResolvedValue([
        { result: AuthorizeResult.DENY },
      ]);
      const denied = await request(await makeApp(permissions))
        .get('/summary')
        .expect(200);
      expect(denied.body).toMatchObject({
        items: [],
        totalItems: 0,
        counts: { pass: 0, never: 0, invalid: 0 },
        owners: [],
        notOptedIn: [],
        notOptedInTotal: 0,
      });
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('summarizes for a caller who may read everything without listing the tested entities or streaming the catalog per request', async () => {
      const many = Array.from({ length: 10_000 }, (_, i) =>
        testRecord(`component:default/svc-${i}`, `svc-${i}`),
      );
      await store.upsertTests(many);
      const permissions = mockServices.permissions.mock({
        authorizeConditional: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      });
      const catalog = catalogServiceMock({ entities: ENTITIES });
      const streamed = jest.spyOn(catalog, 'streamEntities');
      const app = await makeApp(permissions, catalog);
      const listed = jest.spyOn(store, 'listTestedEntityRefs');

      for (let i = 0; i < 3; i++) {
        const res = await request(app).get('/summary?limit=5').expect(200);
        expect(res.body.totalItems).toBe(10_004);
        expect(res.body.notOptedIn).toEqual([
          { entityRef: 'component:default/ledger', owner: 'team-c' },
        ]);
      }
      // Only the gap cache's one load lists them, beside its one catalog read.
      expect(listed).toHaveBeenCalledTimes(1);
      expect(streamed).toHaveBeenCalledTimes(1);
      expect(permissions.authorizeConditional).toHaveBeenCalledTimes(3);
      expect(permissions.authorize).not.toHaveBeenCalled();
    });

    it('checks a conditional decision on entities in batches, never per item', async () => {
      const many = Array.from({ length: 450 }, (_, i) =>
        testRecord(`component:default/svc-${i}`, `svc-${i}`),
      );
      await store.upsertTests(many);
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(
            (): PolicyDecision => ({
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [] },
              },
            }),
          ),
      });
      const res = await request(await makeApp(permissions))
        .get('/summary?limit=5')
        .expect(200);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.totalItems).toBe(454);
      // 453 tested entities in batches of 200, then the coverage gap (ledger):
      // its reports, then its catalog entry.
      expect(
        permissions.authorize.mock.calls.map(([requests]) => requests.length),
      ).toEqual([200, 200, 53, 1, 1]);
    });

    it('never serves a stored report that names no entity', async () => {
      await store.insertReport(
        PAYMENTS.id,
        PAYMENTS.entityRef,
        restoreReport(PAYMENTS.id, 'payments-anonymous'),
        10,
      );
      const res = await request(await makeApp()).get(
        '/reports/payments-anonymous',
      );
      expect(res.status).toBe(404);
    });
  });
});
