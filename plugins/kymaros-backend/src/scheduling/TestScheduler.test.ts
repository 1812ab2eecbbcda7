import knexFactory, { Knex } from 'knex';
import { ConflictError } from '@backstage/errors';
import { ConfigReader } from '@backstage/config';
import type {
  SchedulerService,
  SchedulerServiceTaskFunction,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { testRecord } from '../store/__testUtils__/fixtures';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { RestoreRunner } from '../run/RestoreRunner';
import { TestScheduler, taskId } from './TestScheduler';
import { schedulerTimeZone } from './timeZones';

/**
 * Global tasks shared by replicas, as Backstage's scheduler runs them: a
 * trigger runs the task on whichever replica registered it last.
 */
function sharedScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskFunction>();
  const running: Promise<unknown>[] = [];
  const forReplica = (): SchedulerService =>
    ({
      scheduleTask: async (task: any) => {
        tasks.set(task.id, task.fn);
      },
      triggerTask: async (id: string) => {
        const fn = tasks.get(id);
        if (!fn) throw new Error(`no task ${id}`);
        running.push(Promise.resolve(fn(new AbortController().signal)));
      },
    } as any);
  return { forReplica, settle: () => Promise.all(running), tasks };
}

describe('TestScheduler', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  const test = testRecord('component:default/orders', 'orders', {
    cluster: 'broken',
  });
  const logger = mockServices.logger.mock();
  const config = readKymarosConfig(
    new ConfigReader({
      kymaros: {
        // A cluster whose credentials cannot be read: every run ends in an error report at once.
        clusters: [
          { name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' },
        ],
      },
    }),
  );
  const replica = (name: string, scheduler: SchedulerService) => {
    const clusters = new ClusterRegistry(config.clusters);
    const runner = new RestoreRunner({
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
      owner: name,
      protectedNamespaces: [],
    });
    return {
      runner,
      scheduler: new TestScheduler({
        scheduler,
        store,
        loadTests: async () => [test],
        start: (id, by, onlyIfRequested) =>
          runner.start(id, by, onlyIfRequested),
        logger,
      }),
    };
  };

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
    await store.upsertTests([test]);
  });
  afterEach(() => knex.destroy());

  it('hands who asked for a run to the replica that runs it', async () => {
    const shared = sharedScheduler();
    const a = replica('a', shared.forReplica());
    const b = replica('b', shared.forReplica());
    await a.scheduler.syncSchedules();
    await b.scheduler.syncSchedules();
    await a.scheduler.requestRun(test.id, 'user:default/ann');
    await shared.settle();
    await b.runner.stop();
    const [report] = await store.listReports(test.id);
    expect(report.status.triggeredBy).toBe('user:default/ann');
    expect(shared.tasks.has(taskId(test.id))).toBe(true);
  });

  it('gives each test sharing an H schedule its own time, task and next run alike', async () => {
    const spread = ['a', 'b', 'c'].map(name => {
      const t = testRecord(`component:default/${name}`, name);
      t.spec!.schedule.cron = 'H H(1-4) * * *';
      return t;
    });
    await store.upsertTests(spread);
    const frequencies = new Map<string, string>();
    const scheduler = {
      scheduleTask: async (task: any) =>
        frequencies.set(task.id, task.frequency.cron),
    } as unknown as SchedulerService;
    await replica('a', scheduler).scheduler.syncSchedules();
    const crons = spread.map(t => frequencies.get(taskId(t.id))!);
    for (const cron of crons) expect(cron).toMatch(/^\d+ [1-4] \* \* \*$/);
    expect(new Set(crons).size).toBe(3);
    for (const [i, t] of spread.entries()) {
      const [minute, hour] = crons[i].split(' ').map(Number);
      const next = new Date((await store.getTest(t.id))!.state.nextRunAt!);
      expect([next.getMinutes(), next.getHours()]).toEqual([minute, hour]);
    }
  });

  it('runs a test scheduled in another time zone at its own times only, and on request at any time', async () => {
    const zone =
      schedulerTimeZone() === 'Asia/Tokyo' ? 'Europe/Brussels' : 'Asia/Tokyo';
    await store.upsertTests([
      {
        ...test,
        spec: {
          ...test.spec!,
          schedule: { cron: '0 3 * * *', timezone: zone },
        },
      },
    ]);
    const shared = sharedScheduler();
    const registered: any[] = [];
    const scheduler = shared.forReplica();
    const a = replica('a', {
      ...scheduler,
      scheduleTask: async (task: any) => {
        registered.push(task);
        await scheduler.scheduleTask(task);
      },
    } as SchedulerService);
    await a.scheduler.syncSchedules();
    const threeAm = new Date((await store.getTest(test.id))!.state.nextRunAt!);
    expect(
      new Intl.DateTimeFormat('en-GB', {
        timeZone: zone,
        timeStyle: 'short',
      }).format(threeAm),
    ).toBe('03:00');
    const fireAt = async (at: Date) => {
      jest.setSystemTime(at);
      await scheduler.triggerTask(taskId(test.id));
      await shared.settle();
      await new Promise(r => setImmediate(r));
    };
    const reports = async () => (await store.listReports(test.id)).length;
    jest.useFakeTimers({
      now: threeAm,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
        'hrtime',
        'performance',
      ],
    });
    try {
      // The superset fires an hour away from 03:00 in the zone: nothing runs.
      await fireAt(new Date(threeAm.getTime() + 3600_000));
      await a.runner.stop();
      expect(await reports()).toBe(0);
      const b = replica('b', scheduler);
      await b.scheduler.syncSchedules();
      await fireAt(new Date(threeAm.getTime() + 2000));
      await b.runner.stop();
      expect(await reports()).toBe(1);
      // Asked for at any time, it runs.
      const c = replica('c', scheduler);
      jest.setSystemTime(new Date(threeAm.getTime() + 5 * 3600_000));
      await c.scheduler.requestRun(test.id, 'user:default/ann');
      await shared.settle();
      await c.runner.stop();
      expect(await reports()).toBe(2);
    } finally {
      jest.useRealTimers();
    }
    expect(registered[0].frequency.cron).not.toBe('0 3 * * *');
  });

  it('registers each task once when syncs overlap, and again after a failed registration, which fails no other', async () => {
    const calls: string[] = [];
    let failNext = true;
    const scheduler = {
      scheduleTask: async (task: any) => {
        calls.push(task.id);
        await new Promise(r => setTimeout(r, 50));
        if (failNext) {
          failNext = false;
          throw new Error('database busy');
        }
      },
    } as unknown as SchedulerService;
    const { scheduler: tests } = replica('a', scheduler);
    await tests.syncSchedules();
    expect(logger.warn).toHaveBeenCalledWith(
      `Could not schedule restore test ${test.id}: database busy`,
    );
    await Promise.all([tests.syncSchedules(), tests.syncSchedules()]);
    expect(calls).toEqual([taskId(test.id), taskId(test.id)]);
  });

  it('skips a sync when no test changed since the last complete one, and follows a changed cron', async () => {
    const frequencies = new Map<string, string>();
    const scheduler = {
      scheduleTask: async (task: any) =>
        frequencies.set(task.id, task.frequency.cron),
    } as unknown as SchedulerService;
    const { scheduler: tests } = replica('a', scheduler);
    const listed = jest.spyOn(store, 'listSchedules');
    await tests.syncSchedules();
    // Its own next-run writes change the tests once more: one more read, then none.
    await tests.syncSchedules();
    await tests.syncSchedules();
    await tests.syncSchedules();
    expect(listed).toHaveBeenCalledTimes(2);
    await new Promise(r => setTimeout(r, 5));
    await store.upsertTests([
      { ...test, spec: { ...test.spec!, schedule: { cron: '15 4 * * *' } } },
    ]);
    await tests.syncSchedules();
    expect(listed).toHaveBeenCalledTimes(3);
    expect(frequencies.get(taskId(test.id))).toBe('15 4 * * *');
  });

  it('answers 409 while a run is going, queued or already requested', async () => {
    const shared = sharedScheduler();
    const a = replica('a', shared.forReplica());
    await store.tryStartRun({
      testId: test.id,
      runId: 'r-other',
      owner: 'b',
      cluster: 'broken',
      maxConcurrentPerCluster: 1,
      leaseMs: 60_000,
      triggeredBy: 'schedule',
    });
    await store.updateState(test.id, { step: 'restore' });
    const running = a.scheduler.requestRun(test.id, 'user:default/ann');
    await expect(running).rejects.toThrow(ConflictError);
    await expect(running).rejects.toThrow(
      /already running \(started by schedule\), at step "restore"/,
    );
    await store.finishRun(test.id, 'r-other', { phase: 'Completed' });
    await store.requestRun(test.id, 'user:default/bob', 60_000);
    await expect(
      a.scheduler.requestRun(test.id, 'user:default/ann'),
    ).rejects.toThrow(/already requested by user:default\/bob/);
  });

  it('ends the run even when its report cannot be stored: the test never stays Running', async () => {
    const shared = sharedScheduler();
    const a = replica('a', shared.forReplica());
    jest
      .spyOn(store, 'insertReport')
      .mockRejectedValue(new Error('database unavailable'));
    await a.runner.run(test.id, 'schedule');
    expect((await store.getTest(test.id))!.state).toMatchObject({
      phase: 'Failed',
      lastResult: 'error',
    });
    expect((await store.getTest(test.id))!.state.leaseUntil).toBeUndefined();
  });
});
