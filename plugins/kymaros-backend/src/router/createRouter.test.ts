import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { SummaryResponse } from '@kymaros/plugin-kymaros-common';
import express from 'express';
import request from 'supertest';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import { createRouter, kymarosAuthPolicies } from './createRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const ORDERS = testRecord('component:default/orders', 'orders');
const ORDERS_DB = testRecord('component:default/orders', 'orders-db');
const BROKEN = testRecord('component:default/broken', 'broken', {
  spec: undefined,
  error: 'kymaros.io/schedule: invalid cron "every day"',
});

function component(
  name: string,
  spec: Record<string, string>,
  kind = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(name === 'payments' && { title: 'Payments' }),
    },
    spec,
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
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          r.permission.name === denied
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
  });
}

describe('createRouter', () => {
  let store: DatabaseKymarosStore;
  let runner: { requestRun: jest.Mock<Promise<void>, [string, string]> };

  async function makeApp(
    permissions: PermissionsService = mockServices.permissions(),
  ) {
    const router = await createRouter({
      store,
      runner,
      httpAuth: mockServices.httpAuth({ pluginId: 'kymaros' }),
      permissions,
      catalog: catalogServiceMock({ entities: ENTITIES }),
      logger: mockServices.logger.mock(),
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
      const report = restoreReport(ORDERS.id, `orders-${i}`, {
        score,
        createdAt: at(i),
        withinSLA: score > 90,
        backupAge: `${i + 1}h`,
      });
      await store.insertReport(ORDERS.id, ORDERS.entityRef, report, 10);
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

  it.each([
    '/tests',
    testPath(ORDERS.id),
    `${testPath(ORDERS.id)}/reports`,
    '/reports/orders-0',
    '/summary',
  ])('answers 403 on GET %s without kymaros.report.read', async path => {
    const app = await makeApp(permissionsDenying('kymaros.report.read'));
    const res = await request(app).get(path);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ name: 'NotAllowedError' });
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
        status: { phase: 'Completed', lastRunAt: at(3), lastScore: 91 },
      });
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
    it('returns the report', async () => {
      const res = await request(await makeApp()).get('/reports/orders-1');
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        restoreReport(ORDERS.id, 'orders-1', {
          score: 72,
          createdAt: at(1),
          withinSLA: false,
          backupAge: '2h',
        }),
      );
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
    it('summarizes every test and lists production components without one', async () => {
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
          {
            entityRef: ORDERS_DB.entityRef,
            owner: 'group:default/team-a',
            testId: ORDERS_DB.id,
            testName: 'orders-db',
            phase: 'Idle',
            trend: [],
          },
        ],
        notOptedIn: [
          { entityRef: 'component:default/ledger', owner: 'team-c' },
          {
            entityRef: 'component:default/payments',
            owner: 'team-c',
            title: 'Payments',
          },
        ],
      };
      expect(res.body).toEqual(expected);
    });

    it('keeps the trend to the ten newest scores, oldest first', async () => {
      for (let i = 4; i < 14; i++) {
        const report = restoreReport(ORDERS.id, `orders-${i}`, {
          score: 80 + i,
          createdAt: at(i),
        });
        await store.insertReport(ORDERS.id, ORDERS.entityRef, report, 20);
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
  });
});
