import knexFactory, { Knex } from 'knex';
import { ConfigReader } from '@backstage/config';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { testRecord } from '../store/__testUtils__/fixtures';
import type { TestRecord } from '../store/KymarosStore';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { RestoreRunner } from '../run/RestoreRunner';
import { TestScheduler } from './TestScheduler';

const test = testRecord('component:default/orders', 'orders', {
  cluster: 'broken',
});
const logger = mockServices.logger.mock();
const config = readKymarosConfig(
  new ConfigReader({
    kymaros: {
      // Credentials that cannot be read: a run ends in an error report at once.
      clusters: [{ name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' }],
    },
  }),
);

/** A scheduler that registers tasks and accepts triggers but never runs them (its next poll is "later"). */
function idleScheduler() {
  return {
    scheduleTask: jest.fn(async () => {}),
    triggerTask: jest.fn(async () => {}),
  } as unknown as SchedulerService & {
    triggerTask: jest.Mock;
  };
}

describe('TestScheduler at start-up', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let runner: RestoreRunner;

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    const clusters = new ClusterRegistry(config.clusters);
    runner = new RestoreRunner({
      store,
      clusters,
      providerFactory: new ProviderFactory({
        providers: new ProviderRegistry(),
        clusters,
        logger,
      }),
      runChecks: async () => [],
      logger,
      config,
      owner: 'a',
      protectedNamespaces: [],
    });
  });
  afterEach(async () => {
    await runner.stop();
    await knex.destroy();
  });

  const schedulerWith = (
    scheduler: SchedulerService,
    loadTests: () => Promise<TestRecord[]>,
  ) =>
    new TestScheduler({
      scheduler,
      store,
      loadTests,
      start: (id, by, onlyIfRequested) => runner.start(id, by, onlyIfRequested),
      logger,
      emptyCatalogRereads: { intervalMs: 100, times: 15 },
    });

  /** A catalog answering `answers` in turn (the last one from then on), noting when it was read. */
  const catalog = (...answers: TestRecord[][]) => {
    const readAt: number[] = [];
    const loadTests = jest.fn(async () => {
      readAt.push(Date.now());
      return answers[Math.min(readAt.length, answers.length) - 1];
    });
    const gaps = () => readAt.slice(1).map((at, i) => at - readAt[i]);
    return { loadTests, gaps };
  };

  const reportOf = async () => {
    for (let i = 0; i < 100; i++) {
      const [report] = await store.listReports(test.id, 1);
      if (report) return report;
      await new Promise(r => setTimeout(r, 20));
    }
    return undefined;
  };

  it('starts a new test’s first run itself, without waiting for the scheduler to pick up a trigger', async () => {
    const scheduler = idleScheduler();
    await schedulerWith(scheduler, async () => [test]).refresh();
    const report = await reportOf();
    expect(report?.status.triggeredBy).toBe('first run');
    expect(scheduler.triggerTask).not.toHaveBeenCalled();
  });

  it('reads a catalog that is still empty at start-up again within seconds, and starts the tests it then has', async () => {
    const { loadTests, gaps } = catalog([], [], [test]);
    await schedulerWith(idleScheduler(), loadTests).refresh();
    expect(gaps()).toEqual([expect.any(Number), expect.any(Number)]);
    gaps().forEach(gap => expect(gap).toBeGreaterThanOrEqual(95));
    gaps().forEach(gap => expect(gap).toBeLessThan(1_000));
    expect((await reportOf())?.status.triggeredBy).toBe('first run');
  });

  it('takes an empty catalog for an answer after its rereads at start-up, and at once after that', async () => {
    const { loadTests } = catalog([]);
    const scheduler = schedulerWith(idleScheduler(), loadTests);
    await scheduler.refresh();
    expect(loadTests).toHaveBeenCalledTimes(16);
    await scheduler.refresh();
    expect(loadTests).toHaveBeenCalledTimes(17);
  });

  it('stops reading again when the backend stops, dropping no stored test', async () => {
    await store.upsertTests([test]);
    const scheduler = schedulerWith(idleScheduler(), async () => []);
    const refresh = scheduler.refresh();
    scheduler.stop();
    await expect(refresh).rejects.toThrow();
    expect(await store.getTest(test.id)).toBeDefined();
  });
});
