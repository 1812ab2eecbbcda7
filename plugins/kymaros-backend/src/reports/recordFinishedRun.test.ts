import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import type { StoredTest } from '../store/KymarosStore';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import { recordFinishedRun } from './recordFinishedRun';

describe('recordFinishedRun', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let test: StoredTest;
  const logger = mockServices.logger.mock();
  const context = () => ({ store, logger, historyLimit: 5 });
  const run = (runId: string, detail = 'no credentials', at = new Date()) => ({
    test,
    runId,
    facts: { kind: 'not-started' as const, detail, at },
    report: { cluster: 'sim', provider: 'sim', triggeredBy: 'schedule' },
  });
  const start = (runId: string, leaseMs = 60_000) =>
    store.tryStartRun({
      testId: test.id,
      runId,
      owner: 'replica',
      cluster: 'sim',
      maxConcurrentPerCluster: 5,
      leaseMs,
      triggeredBy: 'schedule',
    });

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests([
      testRecord('component:default/shop', 'shop', { cluster: 'sim' }),
    ]);
    test = (await store.getTest('component:default/shop:shop'))!;
  });
  afterEach(() => knex.destroy());

  it('stores the report with its regression and who started it, then ends the run', async () => {
    await store.insertReport(
      test.id,
      test.entityRef,
      restoreReport(test.id, 'shop-20261130-030000', { score: 95 }),
      10,
    );
    await start('r1');
    await expect(
      recordFinishedRun(context(), run('r1'), { by: 'runner' }),
    ).resolves.toBe(true);
    const [latest] = await store.listReports(test.id, 1);
    expect(latest.status).toMatchObject({
      result: 'error',
      triggeredBy: 'schedule',
      regression: {
        previousReport: 'shop-20261130-030000',
        previousScore: 95,
        scoreDelta: -95,
      },
    });
    expect((await store.getTest(test.id))!.state).toMatchObject({
      phase: 'Failed',
      lastResult: 'error',
      lastScore: 0,
      lastReportName: latest.metadata.name,
    });
    expect((await store.getTest(test.id))!.state.nextRunAt).toBeDefined();
  });

  it('ends the run even when the report cannot be stored', async () => {
    await start('r1');
    jest
      .spyOn(store, 'listReports')
      .mockRejectedValue(new Error('database is locked'));
    await expect(
      recordFinishedRun(context(), run('r1'), { by: 'runner' }),
    ).rejects.toThrow('database is locked');
    const state = (await store.getTest(test.id))!.state;
    expect(state).toMatchObject({ phase: 'Failed', lastResult: 'error' });
    expect(state.lastReportName).toBeUndefined();
  });

  it('lets exactly one reaper record an expired run', async () => {
    await start('rdead', 1);
    await new Promise(r => setTimeout(r, 20));
    const now = new Date();
    const claims = await Promise.all([
      // The reaper's facts are dated by its own clock, as SandboxReaper dates them.
      recordFinishedRun(context(), run('rdead', 'interrupted', now), {
        by: 'reaper',
        now,
      }),
      recordFinishedRun(context(), run('rdead', 'interrupted', now), {
        by: 'reaper',
        now,
      }),
    ]);
    expect(claims.sort()).toEqual([false, true]);
    const reports = await store.listReports(test.id);
    expect(reports).toHaveLength(1);
    expect((await store.getTest(test.id))!.state).toMatchObject({
      phase: 'Failed',
      lastRunAt: now.toISOString(),
      lastReportName: reports[0].metadata.name,
    });
  });

  it('never calls an interrupted run a regression: it says nothing about the backup', async () => {
    await store.insertReport(
      test.id,
      test.entityRef,
      restoreReport(test.id, 'shop-20261130-030000', { score: 95 }),
      10,
    );
    await start('rdead', 1);
    await new Promise(r => setTimeout(r, 20));
    const interrupted = {
      ...run('rdead'),
      facts: {
        kind: 'interrupted' as const,
        detail: 'The run was interrupted',
        at: new Date(),
        sandboxes: [],
      },
    };
    await expect(
      recordFinishedRun(context(), interrupted, {
        by: 'reaper',
        now: new Date(),
      }),
    ).resolves.toBe(true);
    const [latest] = await store.listReports(test.id, 1);
    expect(latest.status.result).toBe('error');
    expect(latest.status.regression).toBeUndefined();
  });

  it('does not record a run whose lease is still held', async () => {
    await start('ralive');
    await expect(
      recordFinishedRun(context(), run('ralive'), {
        by: 'reaper',
        now: new Date(),
      }),
    ).resolves.toBe(false);
    expect(await store.listReports(test.id)).toEqual([]);
  });
});
