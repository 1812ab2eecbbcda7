import type { PermissionsService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import express from 'express';
import knexFactory from 'knex';
import request from 'supertest';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { SandboxReaper } from '../reaper/SandboxReaper';
import { createRouter } from '../router/createRouter';
import { simulatorConfig } from '../run/__testUtils__/simulatorCluster';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { recordingAuditor } from '../util/__testUtils__/recordingAuditor';
import { createBackupCoverage } from './createBackupCoverage';
import { coverageScenario, storedTest } from './__testUtils__/coverageFixtures';

jest.setTimeout(60_000);

const SHOP = storedTest('shop', ['shop'], { maxRPO: '24h' });
const SHOP_DB = storedTest('shop-db', ['shop-db']);
const BOTH = storedTest('both', ['shop', 'lonely']);
const HIDDEN = storedTest('hidden', ['shop']);
const TAPE = storedTest('tape', ['shop'], { provider: 'tape' });
const tests = [SHOP, SHOP_DB, BOTH, HIDDEN, TAPE];

/** Reads everything but `hidden`; may back up everything but `shop-db`. */
function permissions(): PermissionsService {
  const decide = (
    requests: { permission: { name: string }; resourceRef?: string }[],
  ) =>
    requests.map(r => {
      const denied =
        r.resourceRef === HIDDEN.entityRef ||
        (r.permission.name === 'kymaros.backup.create' &&
          r.resourceRef === SHOP_DB.entityRef);
      return { result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    });
  return mockServices.permissions.mock({
    authorize: async requests => decide(requests as any),
    authorizeConditional: async requests => decide(requests as any) as any,
  });
}

/** A provider that restores but cannot take backups on demand. */
const tapeProvider = {
  name: 'tape',
  ownedObjects: [],
  listSchedules: async () => [],
  getLatestBackup: async () => undefined,
} as unknown as BackupProvider;

describe('backup coverage routes', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  let store: DatabaseKymarosStore;
  let app: express.Express;
  let audits: ReturnType<typeof recordingAuditor>['audits'];
  let reaper: SandboxReaper;
  const cleanupFinished = jest.fn();

  beforeAll(async () => {
    // Slow enough that a second request arrives while the first backup runs.
    t = await testSimulator({
      scenario: coverageScenario,
      timings: { veleroStepMs: 1500 },
    });
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests(tests);
    const logger = mockServices.logger.mock();
    const clusters = new ClusterRegistry(simulatorConfig(t).clusters);
    const providers = new ProviderRegistry();
    providers.add({ name: 'tape', create: () => tapeProvider });
    const providerFactory = new ProviderFactory({
      providers,
      clusters,
      logger,
    });
    const recording = recordingAuditor();
    audits = recording.audits;
    const router = await createRouter({
      store,
      runner: { requestRun: jest.fn() },
      httpAuth: mockServices.httpAuth({ pluginId: 'kymaros' }),
      auth: mockServices.auth(),
      permissions: permissions(),
      catalog: catalogServiceMock({ entities: [] }),
      logger,
      auditor: recording.auditor,
      backupCoverage: createBackupCoverage({
        store,
        clusters,
        providerFactory,
        logger,
      }),
    });
    app = express().use(router).use(mockErrorHandler());
    reaper = new SandboxReaper({
      store,
      clusters,
      providerFactory,
      logger,
      settleMs: 100,
      historyLimit: 10,
      observer: { cleanupFinished },
    });
  });
  afterAll(() => t.sim.stop());

  const backups = async (): Promise<string[]> =>
    (await t.custom.listNamespacedCustomObject(t.velero('backups'))).items.map(
      (b: any) => b.metadata.name,
    );

  it.each([
    ['GET', '/backup-coverage'],
    ['POST', '/backup-coverage/backups'],
  ])('answers %s %s without credentials with 401', async (method, path) => {
    const res = await (method === 'GET'
      ? request(app).get(path)
      : request(app)
          .post(path)
          .send(JSON.stringify({ testId: SHOP.id }))
    ).set('Authorization', mockCredentials.none.header());
    expect(res.status).toBe(401);
  });

  describe('GET /backup-coverage', () => {
    it('answers the coverage of one entity', async () => {
      const res = await request(app).get(
        `/backup-coverage?entityRef=${encodeURIComponent(SHOP.entityRef)}`,
      );
      expect(res.status).toBe(200);
      expect(res.body.totalCount).toBe(1);
      expect(res.body.items).toEqual([
        expect.objectContaining({
          entityRef: SHOP.entityRef,
          testId: SHOP.id,
          status: 'covered',
          canBackUpNow: true,
          rpoTarget: '24h',
        }),
      ]);
    });

    it('answers 404 for an entity the caller may not read, and 400 for a bad ref', async () => {
      const hidden = await request(app).get(
        `/backup-coverage?entityRef=${encodeURIComponent(HIDDEN.entityRef)}`,
      );
      expect(hidden.status).toBe(404);
      const bad = await request(app).get('/backup-coverage?entityRef=bad::ref');
      expect(bad.status).toBe(400);
    });

    it('lists every readable test worst first', async () => {
      const res = await request(app).get('/backup-coverage');
      expect(res.status).toBe(200);
      expect(res.body.items.map((c: any) => [c.testName, c.status])).toEqual([
        ['both', 'no-schedule'],
        // Its provider lists no schedule for the namespace.
        ['tape', 'no-schedule'],
        ['shop-db', 'failing'],
        ['shop', 'covered'],
      ]);
      expect(res.body.totalCount).toBe(4);
    });

    it('filters by status', async () => {
      const res = await request(app).get(
        '/backup-coverage?status=failing,no-schedule',
      );
      expect(res.body.items.map((c: any) => c.testName)).toEqual([
        'both',
        'tape',
        'shop-db',
      ]);
    });

    it('answers 400 naming a status it does not know', async () => {
      const res = await request(app).get(
        '/backup-coverage?status=failing,broken',
      );
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/"broken"/);
    });
  });

  describe('POST /backup-coverage/backups', () => {
    const post = (body: string) =>
      request(app)
        .post('/backup-coverage/backups')
        .set('Content-Type', 'application/json')
        .send(body);

    it.each([
      ['', /got nothing/],
      ['{"testId": ', /got "\{"testId":", which is not JSON/],
      ['{"test": "x"}', /got \{"test":"x"\}/],
      ['["a"]', /got \["a"\]/],
      ['{"testId": 7}', /got \{"testId":7\}/],
    ])('answers 400 for the body %j, naming it', async (body, message) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(message);
    });

    it('answers 404 for an unknown or unreadable test, 403 without kymaros.backup.create', async () => {
      expect(
        (await post(JSON.stringify({ testId: 'component:default/x:x' })))
          .status,
      ).toBe(404);
      expect((await post(JSON.stringify({ testId: HIDDEN.id }))).status).toBe(
        404,
      );
      const denied = await post(JSON.stringify({ testId: SHOP_DB.id }));
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toMatch(/kymaros\.backup\.create/);
      expect(await backups()).not.toContainEqual(
        expect.stringMatching(/^kymaros-/),
      );
      expect(audits.at(-1)).toMatchObject({
        options: { eventId: 'backup-create', meta: { testId: SHOP_DB.id } },
        ended: { as: 'fail' },
      });
    });

    it('answers 501 naming a provider that cannot take backups on demand', async () => {
      const res = await post(JSON.stringify({ testId: TAPE.id }));
      expect(res.status).toBe(501);
      expect(res.body.error.message).toMatch(/^Tape cannot take a backup/);
    });

    it('starts one backup with the schedule settings, refuses a second while it runs, audits both', async () => {
      const first = await post(JSON.stringify({ testId: SHOP.id }));
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        provider: 'velero',
        cluster: 'sim',
        backup: expect.stringMatching(/^kymaros-backup-[0-9a-f]{8}$/),
        namespaces: ['shop'],
        phase: '',
      });
      const name = first.body.backup;
      const stored = await t.getVelero('backups', name);
      expect(stored.spec.includedNamespaces).toEqual(['shop']);
      expect(stored.metadata.labels).toMatchObject({
        'kymaros.io/managed-by': 'kymaros-backstage',
        'kymaros.io/test': 'shop',
      });
      expect(audits.at(-1)).toMatchObject({
        options: {
          eventId: 'backup-create',
          severityLevel: 'medium',
          meta: { testId: SHOP.id },
        },
        ended: {
          as: 'success',
          meta: { backup: name, provider: 'velero', cluster: 'sim' },
        },
      });
      const second = await post(JSON.stringify({ testId: SHOP.id }));
      expect(second.status).toBe(409);
      expect(second.body.error.message).toContain(name);
      expect(audits.at(-1)).toMatchObject({ ended: { as: 'fail' } });
      expect((await backups()).filter(b => b.startsWith('kymaros-'))).toEqual([
        name,
      ]);

      // The reaper leaves the backup and its record alone: not even a cleanup pass for them.
      await reaper.reap();
      expect(cleanupFinished).not.toHaveBeenCalled();
      expect(await backups()).toContain(name);
      expect(await store.listObjects({ kind: 'Backup' })).toEqual([
        expect.objectContaining({ name, testId: SHOP.id }),
      ]);

      for (let i = 0; ; i++) {
        if ((await t.getVelero('backups', name)).status?.phase === 'Completed')
          break;
        if (i > 100) throw new Error(`${name} never completed`);
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      const third = await post(JSON.stringify({ testId: SHOP.id }));
      expect(third.status).toBe(201);
      // The finished backup stays in the cluster; only its record is forgotten.
      expect(await backups()).toEqual(
        expect.arrayContaining([name, third.body.backup]),
      );
      expect(
        (await store.listObjects({ kind: 'Backup' })).map(r => r.name),
      ).toEqual([third.body.backup]);
    });
  });
});
