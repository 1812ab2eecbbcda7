import { ConflictError, InputError } from '@backstage/errors';
import type { Knex } from 'knex';
import { DatabaseKymarosStore } from './DatabaseKymarosStore';
import type { StartRunRequest } from './KymarosStore';
import { createKymarosTestDatabases } from './__testUtils__/createTestDatabases';
import { restoreReport, testRecord } from './__testUtils__/fixtures';

// PostgreSQL starts on first use, and a loaded CI machine is slow.
jest.setTimeout(30_000);

const databases = createKymarosTestDatabases();

const ORDERS = testRecord('component:default/orders', 'orders');
const ORDERS_DB = testRecord('component:default/orders', 'orders-db');
const BILLING = testRecord('component:default/billing', 'billing', {
  cluster: 'restore-lab',
});
const BROKEN = testRecord('component:default/broken', 'broken', {
  spec: undefined,
  error: 'kymaros.io/schedule: invalid cron "every day"',
});

const T0 = new Date('2026-11-22T10:00:00.000Z');
const LEASE_MS = 60_000;

describe.each(databases.ids)('DatabaseKymarosStore on %s', databaseId => {
  let knex: Knex;
  let clock: Date;
  let store: DatabaseKymarosStore;

  const advance = (ms: number) => {
    clock = new Date(clock.getTime() + ms);
  };
  const start = (
    test: { id: string; cluster: string },
    overrides: Partial<StartRunRequest> = {},
  ) =>
    store.tryStartRun({
      testId: test.id,
      runId: `run-${test.id}`,
      owner: 'replica-a',
      cluster: test.cluster,
      maxConcurrentPerCluster: 1,
      leaseMs: LEASE_MS,
      triggeredBy: 'schedule',
      ...overrides,
    });
  const STARTED = { started: true, triggeredBy: 'schedule' };
  const QUEUED = {
    started: false,
    reason: 'cluster-busy',
    triggeredBy: 'schedule',
  };

  beforeEach(async () => {
    knex = await databases.init(databaseId);
    clock = T0;
    store = await DatabaseKymarosStore.create({ knex, now: () => clock });
  }, 60_000);

  describe('tests', () => {
    it('says which tests were new, lists valid schedules only, and versions changes', async () => {
      const first = await store.upsertTests([ORDERS, BROKEN]);
      expect(first.added.sort()).toEqual([BROKEN.id, ORDERS.id].sort());
      const version = await store.testsVersion();
      advance(1000);
      expect(await store.upsertTests([ORDERS, BROKEN, BILLING])).toEqual({
        added: [BILLING.id],
      });
      const afterAdd = await store.testsVersion();
      expect(afterAdd).not.toBe(version);
      advance(1000);
      await store.upsertTests([ORDERS, BROKEN, BILLING]);
      expect(await store.testsVersion()).toBe(afterAdd);
      expect(
        (await store.listSchedules()).sort((a, b) => a.id.localeCompare(b.id)),
      ).toEqual(
        [ORDERS, BILLING]
          .map(t => ({ id: t.id, schedule: t.spec!.schedule }))
          .sort((a, b) => a.id.localeCompare(b.id)),
      );
      advance(1000);
      await store.upsertTests([
        { ...ORDERS, spec: { ...ORDERS.spec!, schedule: { cron: '@daily' } } },
        BROKEN,
        BILLING,
      ]);
      const afterChange = await store.testsVersion();
      expect(afterChange).not.toBe(afterAdd);
      await store.removeTestsExcept([ORDERS.id, BROKEN.id]);
      expect(await store.testsVersion()).not.toBe(afterChange);
    });

    it('upserts definitions, keeping run state, and lists them by entity', async () => {
      await store.upsertTests([ORDERS, ORDERS_DB, BILLING, BROKEN]);
      await store.updateState(ORDERS.id, { phase: 'Completed', lastScore: 92 });
      advance(1000);
      await store.upsertTests([
        {
          ...ORDERS,
          cluster: 'restore-lab',
          source: 'https://git/kymaros.yaml',
        },
      ]);

      const orders = await store.getTest(ORDERS.id);
      expect(orders).toEqual({
        ...ORDERS,
        cluster: 'restore-lab',
        source: 'https://git/kymaros.yaml',
        state: { phase: 'Completed', lastScore: 92 },
        createdAt: '2026-11-22T10:00:00.000Z',
        updatedAt: '2026-11-22T10:00:01.000Z',
      });
      expect(await store.getTest(BROKEN.id)).toMatchObject({
        error: BROKEN.error,
        state: { phase: 'Idle' },
      });
      expect(await store.getTest(BROKEN.id)).not.toHaveProperty('spec');
      expect(
        await store.getTest('component:default/nope:nope'),
      ).toBeUndefined();

      const forOrders = await store.listTests({
        entityRef: 'component:default/orders',
      });
      expect(forOrders.map(t => t.id)).toEqual([ORDERS.id, ORDERS_DB.id]);
      expect((await store.listTests()).map(t => t.id)).toEqual([
        BILLING.id,
        BROKEN.id,
        ORDERS.id,
        ORDERS_DB.id,
      ]);
    });

    it('upserts many tests and duplicate ids in one call', async () => {
      const many = Array.from({ length: 250 }, (_, i) =>
        testRecord(`component:default/svc-${i}`, 'main'),
      );
      await store.upsertTests([...many, { ...many[0], name: 'renamed' }]);
      expect(await store.listTests()).toHaveLength(250);
      expect((await store.getTest(many[0].id))?.name).toBe('renamed');
    });

    it('writes nothing for definitions that did not change', async () => {
      await store.upsertTests([ORDERS, ORDERS_DB]);
      const before = await store.getTest(ORDERS.id);
      advance(60_000);
      const writes: string[] = [];
      const onQuery = (query: { sql: string }) => {
        if (!/^\s*select/i.test(query.sql)) writes.push(query.sql);
      };
      knex.on('query', onQuery);
      await store.upsertTests([ORDERS, ORDERS_DB]);
      knex.off('query', onQuery);
      expect(writes.filter(sql => /insert|update/i.test(sql))).toEqual([]);
      expect((await store.getTest(ORDERS.id))?.updatedAt).toBe(
        before?.updatedAt,
      );

      await store.upsertTests([{ ...ORDERS, error: 'now broken' }, ORDERS_DB]);
      const after = await store.getTest(ORDERS.id);
      expect(after?.error).toBe('now broken');
      expect(after?.updatedAt).not.toBe(before?.updatedAt);
      expect((await store.getTest(ORDERS_DB.id))?.updatedAt).toBe(
        before?.updatedAt,
      );
    });

    it('adds thousands of new tests in a few statements, none per test', async () => {
      const many = Array.from({ length: 2500 }, (_, i) =>
        testRecord(`component:default/new-${i}`, `new-${i}`),
      );
      const statements: string[] = [];
      const onQuery = (query: { sql: string }) => statements.push(query.sql);
      knex.on('query', onQuery);
      await store.upsertTests(many);
      knex.off('query', onQuery);
      expect(statements.filter(sql => /^\s*update/i.test(sql))).toEqual([]);
      // Per thousand: a comparison read and a reports lookup; per hundred: an insert.
      expect(statements.length).toBeLessThan(40);
      expect((await store.listTests()).length).toBe(2500);
    });

    it('removes tests that are no longer defined but keeps their reports', async () => {
      await store.upsertTests([ORDERS, ORDERS_DB, BILLING]);
      await store.insertReport(
        BILLING.id,
        BILLING.entityRef,
        restoreReport(BILLING.id, 'billing-1'),
        10,
      );

      const removed = await store.removeTestsExcept([
        ORDERS.id,
        'component:default/unknown:x',
      ]);

      expect(removed.map(t => t.id).sort()).toEqual([BILLING.id, ORDERS_DB.id]);
      expect(removed.find(t => t.id === BILLING.id)).toMatchObject({
        cluster: 'restore-lab',
      });
      expect((await store.listTests()).map(t => t.id)).toEqual([ORDERS.id]);
      expect(await store.getReport('billing-1')).toBeDefined();
      expect(await store.listReports(BILLING.id)).toHaveLength(1);
    });

    it('merges state patches, clears keys given as undefined, and returns ISO timestamps', async () => {
      await store.upsertTests([ORDERS]);
      await store.updateState(ORDERS.id, {
        step: 'restore',
        nextRunAt: '2026-11-23T03:00:00+01:00',
        lastResult: 'partial',
        lastReportName: 'orders-20261122-030000',
      });
      await store.updateState(ORDERS.id, { step: undefined, lastScore: 75 });

      expect((await store.getTest(ORDERS.id))?.state).toEqual({
        phase: 'Idle',
        nextRunAt: '2026-11-23T02:00:00.000Z',
        lastScore: 75,
        lastResult: 'partial',
        lastReportName: 'orders-20261122-030000',
      });
      await expect(
        store.updateState(ORDERS.id, { lastRunAt: 'yesterday' }),
      ).rejects.toThrow(InputError);
    });
  });

  describe('runs', () => {
    beforeEach(() => store.upsertTests([ORDERS, ORDERS_DB, BILLING]));

    it('starts a run with a lease and refuses a second one while the lease is valid', async () => {
      expect(await start(ORDERS)).toEqual(STARTED);
      expect((await store.getTest(ORDERS.id))?.state).toEqual({
        phase: 'Running',
        runId: `run-${ORDERS.id}`,
        runOwner: 'replica-a',
        triggeredBy: 'schedule',
        runStartedAt: T0.toISOString(),
        leaseUntil: new Date(T0.getTime() + LEASE_MS).toISOString(),
      });

      expect(
        await start(ORDERS, { runId: 'other', owner: 'replica-b' }),
      ).toEqual({
        started: false,
        reason: 'already-running',
      });
      expect(
        await start({ id: 'component:default/nope:nope', cluster: 'local' }),
      ).toEqual({
        started: false,
        reason: 'unknown-test',
      });
    });

    it('never takes over a run whose lease expired: the reaper reports it first', async () => {
      await start(ORDERS);
      advance(LEASE_MS);
      expect(
        await start(ORDERS, { runId: 'takeover', owner: 'replica-b' }),
      ).toEqual({ started: false, reason: 'interrupted' });
      expect(
        await store.claimExpiredRun(ORDERS.id, `run-${ORDERS.id}`, clock, {
          lastResult: 'error',
        }),
      ).toBe(true);
      // Exactly one claim wins.
      expect(
        await store.claimExpiredRun(ORDERS.id, `run-${ORDERS.id}`, clock, {}),
      ).toBe(false);
      expect(
        await start(ORDERS, { runId: 'next', owner: 'replica-b' }),
      ).toEqual(STARTED);
    });

    it('does not let a reaper claim a run whose lease is still valid', async () => {
      await start(ORDERS);
      expect(
        await store.claimExpiredRun(ORDERS.id, `run-${ORDERS.id}`, clock, {}),
      ).toBe(false);
    });

    it('limits valid leases per cluster; a queued run holds its test and takes the slot later', async () => {
      expect(await start(ORDERS)).toEqual(STARTED);
      expect(await start(ORDERS_DB)).toEqual(QUEUED);
      expect((await store.getTest(ORDERS_DB.id))?.state).toMatchObject({
        phase: 'Running',
        runId: `run-${ORDERS_DB.id}`,
      });
      // Queued: nobody else may start it, Run now is refused.
      expect(await start(ORDERS_DB, { runId: 'other' })).toEqual({
        started: false,
        reason: 'already-running',
      });
      expect(await store.requestRun(ORDERS_DB.id, 'user:x', 60_000)).toEqual({
        requested: false,
        reason: 'running',
        by: 'schedule',
      });
      expect(await start(ORDERS_DB, { maxConcurrentPerCluster: 2 })).toEqual(
        STARTED,
      );
      // Another cluster has its own budget.
      expect(await start(BILLING)).toEqual(STARTED);
    });

    it('frees the cluster when a run finishes or its lease expires', async () => {
      await start(ORDERS);
      await store.finishRun(ORDERS.id, `run-${ORDERS.id}`, {
        phase: 'Completed',
      });
      expect(await start(ORDERS_DB)).toEqual(STARTED);

      advance(LEASE_MS + 1);
      expect(await start(ORDERS, { runId: 'second' })).toEqual(STARTED);
    });

    it('records an on-demand request once, hands it to the next claim, and refuses while running', async () => {
      expect(
        await store.requestRun(ORDERS.id, 'user:default/ann', 60_000),
      ).toEqual({
        requested: true,
      });
      expect(
        await store.requestRun(ORDERS.id, 'user:default/bob', 60_000),
      ).toEqual({
        requested: false,
        reason: 'requested',
        by: 'user:default/ann',
      });
      // Another replica claims it: the request names who asked.
      expect(await start(ORDERS, { owner: 'replica-b' })).toEqual({
        started: true,
        triggeredBy: 'user:default/ann',
      });
      expect(
        await store.requestRun(ORDERS.id, 'user:default/bob', 60_000),
      ).toEqual({
        requested: false,
        reason: 'running',
        by: 'user:default/ann',
      });
      advance(LEASE_MS);
      expect(
        await store.requestRun(ORDERS.id, 'user:default/bob', 60_000),
      ).toEqual({
        requested: false,
        reason: 'interrupted',
        by: 'user:default/ann',
      });
      // A request nobody claimed stops blocking after the pending time.
      expect(
        await store.requestRun(BILLING.id, 'user:default/ann', 60_000),
      ).toEqual({
        requested: true,
      });
      advance(60_000);
      expect(
        await store.requestRun(BILLING.id, 'user:default/bob', 60_000),
      ).toEqual({
        requested: true,
      });
      await store.clearRunRequest(BILLING.id, 'user:default/bob');
      expect(await start(BILLING)).toEqual(STARTED);
    });

    it('starts exactly one run when many callers race for the same test', async () => {
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          start(ORDERS, { runId: `run-${i}`, owner: `replica-${i}` }),
        ),
      );
      expect(results.filter(r => r.started)).toHaveLength(1);
      expect(results.filter(r => !r.started)).toEqual(
        Array(11).fill({ started: false, reason: 'already-running' }),
      );
    });

    it('never exceeds the cluster limit when many tests start at once', async () => {
      const tests = Array.from({ length: 12 }, (_, i) =>
        testRecord(`component:default/race-${i}`, 'race'),
      );
      await store.upsertTests(tests);

      const results = await Promise.all(
        tests.map(test => start(test, { maxConcurrentPerCluster: 3 })),
      );

      expect(results.filter(r => r.started)).toHaveLength(3);
      expect(results.filter(r => !r.started)).toEqual(Array(9).fill(QUEUED));
    });

    it("writes a run's step only while that run is the test's running run", async () => {
      const [a] = [testRecord('component:default/steps', 'steps')];
      await store.upsertTests([a]);
      await start(a, { runId: 'r1' });
      await store.updateRunStep(a.id, 'r1', 'restore');
      expect((await store.getTest(a.id))!.state.step).toBe('restore');
      await store.updateRunStep(a.id, 'r-lost', 'cleanup');
      expect((await store.getTest(a.id))!.state.step).toBe('restore');
      await store.finishRun(a.id, 'r1', { phase: 'Completed', step: 'done' });
      await store.updateRunStep(a.id, 'r1', 'cleanup');
      expect((await store.getTest(a.id))!.state.step).toBe('done');
    });

    it('lists the runs holding a valid lease, without reading the tests', async () => {
      const [a, b] = ['active-a', 'active-b'].map(name =>
        testRecord(`component:default/${name}`, name),
      );
      await store.upsertTests([a, b]);
      await start(a, { runId: 'ra' });
      await start(b, { runId: 'rb', leaseMs: 1_000 });
      const later = new Date(T0.getTime() + 5_000);
      expect((await store.listActiveRunIds(T0)).sort()).toEqual(['ra', 'rb']);
      expect(await store.listActiveRunIds(later)).toEqual(['ra']);
      await store.finishRun(a.id, 'ra', { phase: 'Completed' });
      expect(await store.listActiveRunIds(T0)).toEqual(['rb']);
    });

    it('renews the leases of current runs only, whatever their number, in one pass', async () => {
      const many = Array.from({ length: 250 }, (_, i) =>
        testRecord(`component:default/lease-${i}`, 'lease'),
      );
      await store.upsertTests(many);
      await start(ORDERS);
      for (const test of many) await start(test);
      advance(30_000);
      const runIds = [ORDERS, ...many].map(test => `run-${test.id}`);
      const held = await store.renewLeases(
        [...runIds, 'stale-run', `run-${ORDERS_DB.id}`],
        LEASE_MS,
      );
      expect(held.sort()).toEqual(runIds.sort());
      expect((await store.getTest(ORDERS.id))?.state.leaseUntil).toBe(
        '2026-11-22T10:01:30.000Z',
      );
      expect((await store.getTest(many[249].id))?.state.leaseUntil).toBe(
        '2026-11-22T10:01:30.000Z',
      );
      expect(await store.renewLeases([], LEASE_MS)).toEqual([]);
    });

    it('finishes a run, clearing its lease, unless another run took over', async () => {
      await start(ORDERS);
      await store.finishRun(ORDERS.id, 'stale-run', { phase: 'Failed' });
      expect((await store.getTest(ORDERS.id))?.state.phase).toBe('Running');

      advance(5000);
      await store.finishRun(ORDERS.id, `run-${ORDERS.id}`, {
        phase: 'Completed',
        step: undefined,
        lastRunAt: clock.toISOString(),
        lastScore: 97,
        lastResult: 'pass',
        lastReportName: 'orders-20261122-100005',
        runOwner: 'ignored',
      });
      expect((await store.getTest(ORDERS.id))?.state).toEqual({
        phase: 'Completed',
        runId: `run-${ORDERS.id}`,
        triggeredBy: 'schedule',
        runStartedAt: T0.toISOString(),
        lastRunAt: '2026-11-22T10:00:05.000Z',
        lastScore: 97,
        lastResult: 'pass',
        lastReportName: 'orders-20261122-100005',
      });
      await expect(
        store.finishRun(ORDERS.id, `run-${ORDERS.id}`, {}),
      ).rejects.toThrow(InputError);
      await expect(
        store.finishRun(ORDERS.id, `run-${ORDERS.id}`, { phase: 'Running' }),
      ).rejects.toThrow(/final phase/);
    });

    it('lists runs whose lease expired while Running', async () => {
      await start(ORDERS);
      await start(BILLING, { leaseMs: 10 * LEASE_MS });
      await start(ORDERS_DB, { maxConcurrentPerCluster: 2 });
      await store.finishRun(ORDERS_DB.id, `run-${ORDERS_DB.id}`, {
        phase: 'Completed',
      });

      expect(
        await store.listExpiredRuns(new Date(T0.getTime() + LEASE_MS - 1)),
      ).toEqual([]);
      const expired = await store.listExpiredRuns(
        new Date(T0.getTime() + LEASE_MS),
      );
      expect(expired.map(t => t.id)).toEqual([ORDERS.id]);
    });
  });

  describe('owned objects', () => {
    const key = {
      cluster: 'local',
      kind: 'Namespace' as const,
      namespace: '',
      name: 'kymaros-orders-abc123',
    };
    it('records an object before its uid is known, completes and forgets it', async () => {
      await store.recordObject({
        ...key,
        runId: 'r1',
        testId: ORDERS.id,
        sourceNamespace: 'orders',
        expiresAt: '2026-11-22T12:00:00.000Z',
      });
      await expect(
        store.recordObject({
          ...key,
          runId: 'r2',
          testId: ORDERS.id,
          expiresAt: '2026-11-22T12:00:00.000Z',
        }),
      ).rejects.toThrow(
        new ConflictError(
          'Namespace kymaros-orders-abc123 in cluster local is already recorded by run r1',
        ),
      );
      expect(await store.listObjects({ runId: 'r1' })).toEqual([
        {
          ...key,
          runId: 'r1',
          testId: ORDERS.id,
          sourceNamespace: 'orders',
          createdAt: T0.toISOString(),
          expiresAt: '2026-11-22T12:00:00.000Z',
        },
      ]);
      await store.setObjectUid(key, 'uid-1');
      expect((await store.listObjects({ name: key.name }))[0].uid).toBe(
        'uid-1',
      );
      expect(await store.listObjects({ runId: 'r2' })).toEqual([]);
      await store.releaseObject(key);
      expect(await store.listObjects()).toEqual([]);
    });
  });

  describe('reports', () => {
    const at = (minutes: number) =>
      new Date(T0.getTime() + minutes * 60_000).toISOString();

    it('lists reports newest first, honours the limit and finds one by name', async () => {
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'b', { createdAt: at(2) }),
        10,
      );
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'a', { createdAt: at(1) }),
        10,
      );
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'c', { createdAt: at(3) }),
        10,
      );

      const names = (reports: { metadata: { name: string } }[]) =>
        reports.map(r => r.metadata.name);
      expect(names(await store.listReports(ORDERS.id))).toEqual([
        'c',
        'b',
        'a',
      ]);
      expect(names(await store.listReports(ORDERS.id, 2))).toEqual(['c', 'b']);
      expect(await store.getReport('b')).toEqual(
        restoreReport(ORDERS.id, 'b', { createdAt: at(2) }),
      );
      expect(await store.getReport('missing')).toBeUndefined();
      expect(await store.listReports(BILLING.id)).toEqual([]);
    });

    it('prunes the oldest reports beyond the history limit, per test', async () => {
      await store.insertReport(
        BILLING.id,
        BILLING.entityRef,
        restoreReport(BILLING.id, 'billing-0'),
        1,
      );
      for (let i = 1; i <= 5; i++) {
        await store.insertReport(
          ORDERS.id,
          ORDERS.entityRef,
          restoreReport(ORDERS.id, `o-${i}`, { createdAt: at(i) }),
          3,
        );
      }
      expect(
        (await store.listReports(ORDERS.id)).map(r => r.metadata.name),
      ).toEqual(['o-5', 'o-4', 'o-3']);
      expect(await store.getReport('o-1')).toBeUndefined();
      expect(await store.getReport('billing-0')).toBeDefined();

      // A limit below one still keeps the report just written.
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'o-6', { createdAt: at(6) }),
        0,
      );
      expect(
        (await store.listReports(ORDERS.id)).map(r => r.metadata.name),
      ).toEqual(['o-6']);
    });

    it('keeps a run evidence beside its report, and drops it with the report', async () => {
      const evidence = (log: string) => ({
        podLogs: [
          {
            podName: 'api-1',
            namespace: 'kymaros-orders-x',
            phase: 'Running',
            containers: [
              {
                name: 'main',
                type: 'container' as const,
                log,
                truncated: false,
                totalLines: 1,
              },
            ],
          },
        ],
        events: [],
      });
      for (let i = 1; i <= 3; i++) {
        await store.insertReport(
          ORDERS.id,
          ORDERS.entityRef,
          restoreReport(ORDERS.id, `o-${i}`, { createdAt: at(i) }),
          2,
        );
        await store.insertEvidence(`o-${i}`, evidence(`run ${i}\n`));
      }
      expect(await store.getEvidence('o-3')).toEqual(evidence('run 3\n'));
      expect(await store.getEvidence('o-2')).toEqual(evidence('run 2\n'));
      // o-1 was pruned when o-3 came: its evidence with it.
      expect(await store.getEvidence('o-1')).toBeUndefined();
      expect(
        await knex('report_evidence').where('report_name', 'o-1').first(),
      ).toBeUndefined();
      // Evidence never outlives (or precedes) its report.
      await store.insertEvidence('o-1', evidence('late\n'));
      expect(await store.getEvidence('o-1')).toBeUndefined();
    });

    it('rejects a duplicate report name without pruning anything', async () => {
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'dup', { createdAt: at(1) }),
        10,
      );
      await store.insertReport(
        ORDERS.id,
        ORDERS.entityRef,
        restoreReport(ORDERS.id, 'next', { createdAt: at(2) }),
        10,
      );
      await expect(
        store.insertReport(
          ORDERS.id,
          ORDERS.entityRef,
          restoreReport(ORDERS.id, 'dup', { createdAt: at(3) }),
          1,
        ),
      ).rejects.toThrow(ConflictError);
      expect(await store.listReports(ORDERS.id)).toHaveLength(2);
    });
  });

  it('runs its migrations idempotently', async () => {
    await DatabaseKymarosStore.create({ knex });
    const second = await DatabaseKymarosStore.create({
      knex,
      skipMigrations: true,
    });
    await expect(second.listTests()).resolves.toEqual([]);
  });
});
