import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { restoreReport, testRecord } from '../store/__testUtils__/fixtures';
import type { StoredTest } from '../store/KymarosStore';
import type { RunObserver } from '../run/RunObserver';
import { createRunMetrics } from './RunMetrics';
import { collectedMetrics } from './__testUtils__/collectedMetrics';

const TEST = testRecord('component:default/orders', 'orders');
const labels = {
  'kymaros.test.id': TEST.id,
  'kymaros.entity.ref': 'component:default/orders',
  'kymaros.cluster': 'local',
  'kymaros.provider': 'velero',
};

function ordersReport(): RestoreReport {
  const report = restoreReport(TEST.id, 'orders-20261122-030000', {
    score: 92,
    rpo: {
      backupAge: '3h',
      backupAgeMs: 3 * 3600_000,
      target: '2h',
      targetMs: 2 * 3600_000,
      withinTarget: false,
    },
  });
  report.status.startedAt = '2026-11-22T03:00:00Z';
  report.status.completedAt = '2026-11-22T03:02:30Z';
  report.status.rto = {
    ...report.status.rto,
    measuredMs: 150_000,
    targetMs: 900_000,
    phases: [
      { name: 'restore', seconds: 100 },
      { name: 'validate', seconds: 50 },
    ],
  };
  return report;
}

describe('createRunMetrics', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let collected: ReturnType<typeof collectedMetrics>;
  let observer: RunObserver;
  const logger = mockServices.logger.mock();

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    collected = collectedMetrics();
    observer = createRunMetrics({
      metrics: collected.metrics,
      store,
      logger,
      snapshotTtlMs: 0,
    });
  });
  afterEach(async () => {
    await collected.shutdown();
    await knex.destroy();
  });

  /** Stores a finished run of TEST as the runner does, and tells the observer. */
  async function recordRun(report = ordersReport()): Promise<StoredTest> {
    await store.insertReport(TEST.id, TEST.entityRef, report, 10);
    await store.updateState(TEST.id, {
      phase: 'Completed',
      lastScore: report.status.score,
      lastResult: report.status.result,
      lastRunAt: report.status.completedAt,
      lastReportName: report.metadata.name,
    });
    const test = (await store.getTest(TEST.id))!;
    observer.runRecorded!({ test, report });
    return test;
  }

  const value = async (
    name: string,
    attributes: Record<string, string> = labels,
  ) =>
    (await collected.points(name)).find(
      p => JSON.stringify(p.attributes) === JSON.stringify(attributes),
    )?.value;

  it('reports the latest run of each test from the store', async () => {
    await store.upsertTests([TEST]);
    expect(await collected.points('kymaros.test.score')).toEqual([]);
    await recordRun();

    expect(await value('kymaros.test.score')).toBe(92);
    expect(await value('kymaros.test.rto.measured')).toBe(150);
    expect(await value('kymaros.test.rto.target')).toBe(900);
    expect(await value('kymaros.test.backup.age')).toBe(3 * 3600);
    expect(await value('kymaros.test.rpo.target')).toBe(2 * 3600);
    expect(await value('kymaros.test.last_run.timestamp')).toBe(
      Date.parse('2026-11-22T03:02:30Z') / 1000,
    );
    const results = await collected.points('kymaros.test.result');
    expect(
      Object.fromEntries(
        results.map(p => [p.attributes['kymaros.result'], p.value]),
      ),
    ).toEqual({ pass: 1, partial: 0, fail: 0, error: 0 });
  });

  it('leaves the RTO out when the run never got through validation', async () => {
    await store.upsertTests([TEST]);
    const report = ordersReport();
    report.status.validationLevels.rtoCompliance.status = 'skip';
    await recordRun(report);
    expect(await value('kymaros.test.rto.measured')).toBeUndefined();
    expect(await value('kymaros.test.rto.target')).toBe(900);
  });

  it('counts runs by result and records run and phase durations', async () => {
    await store.upsertTests([TEST]);
    await recordRun();
    const failed = ordersReport();
    failed.metadata.name = 'orders-20261123-030000';
    failed.status.score = 40;
    failed.status.result = 'fail';
    await recordRun(failed);

    const withResult = (result: string) => ({
      ...labels,
      'kymaros.result': result,
    });
    expect(await value('kymaros.runs', withResult('pass'))).toBe(1);
    expect(await value('kymaros.runs', withResult('fail'))).toBe(1);
    expect(await value('kymaros.run.duration', withResult('pass'))).toEqual({
      count: 1,
      sum: 150,
    });
    expect(
      await value('kymaros.run.phase.duration', {
        'kymaros.cluster': 'local',
        'kymaros.provider': 'velero',
        'kymaros.run.phase': 'restore',
      }),
    ).toEqual({ count: 2, sum: 200 });
    // The gauges follow the store: the latest run failed.
    expect(await value('kymaros.test.score')).toBe(40);
  });

  it('counts the objects cleanup passes could not delete', async () => {
    observer.cleanupFinished!({
      by: 'reaper',
      cluster: 'prod',
      deletedSandboxes: ['kymaros-a'],
      deletedRestores: [],
      left: [],
      notOurs: [],
      errors: ['Namespace kymaros-b: forbidden', 'Restore r1: timeout'],
    });
    observer.cleanupFinished!({
      by: 'runner',
      cluster: 'prod',
      deletedSandboxes: ['kymaros-c'],
      deletedRestores: ['r2'],
      left: ['kymaros-d'],
      notOurs: [],
      errors: [],
    });
    expect(await collected.points('kymaros.cleanup.failures')).toEqual([
      {
        attributes: {
          'kymaros.cluster': 'prod',
          'kymaros.cleanup.by': 'reaper',
        },
        value: 2,
      },
    ]);
  });

  it('counts the tests by phase and outcome, zeros included', async () => {
    await store.upsertTests([
      TEST,
      testRecord('component:default/cart', 'cart'),
      testRecord('component:default/broken', 'broken', {
        spec: undefined,
        error: 'spec.schedule is missing',
      }),
    ]);
    await recordRun();
    const points = await collected.points('kymaros.tests');
    const count = (phase: string, outcome: string) =>
      points.find(
        p =>
          p.attributes['kymaros.test.phase'] === phase &&
          p.attributes['kymaros.test.outcome'] === outcome,
      )?.value;
    expect(count('Completed', 'pass')).toBe(1);
    expect(count('Idle', 'never')).toBe(1);
    expect(count('Idle', 'invalid')).toBe(1);
    expect(count('Failed', 'fail')).toBe(0);
    expect(points).toHaveLength(4 * 6);
  });

  it('marks the series of a removed test NaN, so its alerts stop', async () => {
    await store.upsertTests([TEST]);
    await recordRun();
    expect(await value('kymaros.test.score')).toBe(92);
    await store.removeTestsExcept([]);
    expect(await value('kymaros.test.score')).toBeNaN();
    expect(await value('kymaros.test.score')).toBeNaN();
  });

  it('reads the store once per collection and each latest report once', async () => {
    await store.upsertTests([TEST]);
    await recordRun();
    const listTests = jest.spyOn(store, 'listTests');
    const getReport = jest.spyOn(store, 'getReport');
    const cached = collectedMetrics();
    createRunMetrics({ metrics: cached.metrics, store, logger });
    await cached.collect();
    await cached.collect();
    expect(listTests).toHaveBeenCalledTimes(1);
    expect(getReport).toHaveBeenCalledTimes(1);
    await cached.shutdown();
  });

  it('logs a failed read and observes nothing', async () => {
    jest.spyOn(store, 'listTests').mockRejectedValue(new Error('db down'));
    expect(await collected.points('kymaros.test.score')).toEqual([]);
    await collected.collect();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('db down'),
    );
  });
});
