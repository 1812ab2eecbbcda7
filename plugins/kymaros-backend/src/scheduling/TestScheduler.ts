import { setTimeout as sleep } from 'node:timers/promises';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, ConflictError } from '@backstage/errors';
import type {
  KymarosStore,
  RunRequestResult,
  TestRecord,
} from '../store/KymarosStore';
import { describeError } from '../util/errors';
import { mapWithConcurrency } from '../util/mapWithConcurrency';
import { parseSchedule, WrittenSchedule } from './parseSchedule';
import { nextScheduledRun, taskCadence } from './taskCadence';

/** An on-demand request not claimed within this time no longer blocks a new one. */
const REQUEST_PENDING_MS = 2 * 60_000;
/** Task registrations in flight at once during a schedule sync. */
const REGISTER_CONCURRENCY = 16;
/** A test's scheduler task only claims and starts a run, so its ticket is short. */
const CLAIM_TASK_TIMEOUT_MS = 60_000;
/**
 * At start-up the catalog may not have processed its locations when the
 * tests are first read: an empty first answer is read again this soon, this
 * many times, instead of a whole refresh interval later.
 */
const EMPTY_CATALOG_REREADS = { intervalMs: 2_000, times: 15 };

export interface TestSchedulerOptions {
  scheduler: SchedulerService;
  store: KymarosStore;
  /** Loads every test definition from the catalog. */
  loadTests(): Promise<TestRecord[]>;
  /**
   * Claims the test and starts its run in the background; resolves once
   * claimed (or refused). With `onlyIfRequested`, only a pending on-demand
   * request is started: the task fired at a time that is not the test's own.
   */
  start(
    testId: string,
    triggeredBy: string,
    onlyIfRequested?: boolean,
  ): Promise<unknown>;
  logger: LoggerService;
  /** How an empty catalog is read again at start-up (default every 2 s, 15 times). */
  emptyCatalogRereads?: { intervalMs: number; times: number };
}

/** The scheduler task id of a test; visible in DevTools' Scheduled Tasks. */
export function taskId(testId: string): string {
  return `restore-test:${testId}`;
}

/**
 * Follows the catalog and keeps one global scheduler task per valid
 * RestoreTest on this replica. A task run only claims the test and starts
 * the run: the run's own lease in the store is the lock, so a replica that
 * dies holds nothing for longer than that lease. On-demand requests are
 * stored, so whichever replica claims the run knows who asked.
 */
export class TestScheduler {
  private readonly scheduled = new Map<
    string,
    { key: string; controller: AbortController }
  >();

  private syncing: Promise<void> = Promise.resolve();
  /** The store's tests version the last complete sync saw. */
  private syncedVersion?: string;
  private readonly stopping = new AbortController();
  private started = false;

  constructor(private readonly options: TestSchedulerOptions) {}

  /** Reads the catalog into the store (one replica at a time), then schedules. */
  async refresh(): Promise<void> {
    const tests = await this.loadTests();
    const { added } = await this.options.store.upsertTests(tests);
    const removed = await this.options.store.removeTestsExcept(
      tests.map(t => t.id),
    );
    if (removed.length) {
      this.options.logger.info(
        `Restore tests removed from the catalog: ${removed
          .map(t => t.id)
          .join(', ')}`,
      );
    }
    await this.syncSchedules();
    const isNew = new Set(added);
    for (const test of tests.filter(t => t.spec && isNew.has(t.id))) {
      // A new test runs once right away, then on its schedule: claimed here
      // (the claim is the lock), not through a trigger that the scheduler
      // only picks up on its next poll, seconds later.
      await this.options
        .start(test.id, 'first run')
        .catch(e =>
          this.options.logger.warn(
            `Could not start the first run of ${test.id}: ${describeError(e)}`,
          ),
        );
    }
  }

  /**
   * The catalog's tests. On this replica's first read, an empty answer (the
   * catalog may not have processed its locations yet) is read again every
   * couple of seconds for a while: new tests then start their first run
   * seconds after start-up, and the stored ones are not dropped for a catalog
   * that is still filling.
   */
  private async loadTests(): Promise<TestRecord[]> {
    const first = !this.started;
    this.started = true;
    const rereads = this.options.emptyCatalogRereads ?? EMPTY_CATALOG_REREADS;
    for (let attempt = 1; ; attempt++) {
      const tests = await this.options.loadTests();
      if (tests.length > 0 || !first || attempt > rereads.times) return tests;
      // Stopping ends the refresh (it rejects): nothing is removed for an empty answer.
      await sleep(rereads.intervalMs, undefined, {
        signal: this.stopping.signal,
      });
    }
  }

  /**
   * Registers this replica's tasks for the tests in the store (cheap: no
   * catalog read). The catalog follow and the sync task both call it: passes
   * run one after the other, so a test is never registered twice at once.
   */
  syncSchedules(): Promise<void> {
    const pass = this.syncing.then(() => this.syncOnce());
    this.syncing = pass.catch(() => undefined);
    return pass;
  }

  private async syncOnce(): Promise<void> {
    // Nothing about the tests changed since the last complete pass: nothing to do.
    const version = await this.options.store.testsVersion();
    if (version === this.syncedVersion) return;
    const valid = new Map(
      (await this.options.store.listSchedules()).map(t => [t.id, t.schedule]),
    );
    for (const id of [...this.scheduled.keys()])
      if (!valid.has(id)) this.unschedule(id);
    // Compared as written: resolving H or a zone costs a cron parse per test and pass.
    const changed = [...valid].filter(
      ([id, schedule]) => this.scheduled.get(id)?.key !== scheduleKey(schedule),
    );
    // Registering a task is a database write or two: thousands of new tests
    // (a first start) are registered several at a time, not one after another.
    const failed = await mapWithConcurrency(
      changed,
      REGISTER_CONCURRENCY,
      async ([id, schedule]) => {
        this.unschedule(id);
        try {
          await this.options.store.updateState(id, {
            nextRunAt: await this.schedule(id, schedule),
          });
          return false;
        } catch (e) {
          // One test's registration never holds up the others'.
          this.options.logger.warn(
            `Could not schedule restore test ${id}: ${describeError(e)}`,
          );
          return true;
        }
      },
    );
    // Only a pass that registered everything lets the next one be skipped.
    if (!failed.includes(true)) this.syncedVersion = version;
  }

  /** Registers the test's task on its schedule; returns when it runs next. */
  private async schedule(
    testId: string,
    written: WrittenSchedule,
  ): Promise<string | undefined> {
    const { schedule, error } = parseSchedule(written);
    // Loading refuses such a definition; one stored by an older version waits for the next catalog pass.
    if (!schedule) {
      this.options.logger.warn(`Not scheduling ${testId}: ${error}`);
      return undefined;
    }
    const controller = new AbortController();
    const cadence = taskCadence(schedule, testId);
    await this.options.scheduler.scheduleTask({
      id: taskId(testId),
      frequency: cadence.frequency,
      ...(cadence.initialDelay ? { initialDelay: cadence.initialDelay } : {}),
      timeout: { milliseconds: CLAIM_TASK_TIMEOUT_MS },
      scope: 'global',
      signal: controller.signal,
      fn: async () => {
        const due = cadence.isDue?.(new Date()) ?? true;
        await this.options.start(testId, 'schedule', !due);
      },
    });
    // Only once registered: a failed registration is tried again on the next sync.
    this.scheduled.set(testId, { key: scheduleKey(written), controller });
    return nextScheduledRun(schedule, testId);
  }

  private unschedule(testId: string) {
    this.scheduled.get(testId)?.controller.abort();
    this.scheduled.delete(testId);
  }

  /**
   * Runs a test now through its scheduler task, so it still never overlaps
   * itself. Refused with 409 while a run is going, interrupted, or already
   * requested.
   */
  async requestRun(testId: string, requestedBy: string): Promise<void> {
    const test = await this.options.store.getTest(testId);
    if (!test) throw new NotFoundError(`No restore test ${testId}`);
    if (!test.spec)
      throw new ConflictError(
        `Restore test ${testId} is invalid: ${test.error}`,
      );
    const request = await this.options.store.requestRun(
      testId,
      requestedBy,
      REQUEST_PENDING_MS,
    );
    if (!request.requested)
      throw new ConflictError(refusal(testId, request, test.state.step));
    try {
      if (!this.scheduled.has(testId))
        await this.schedule(testId, test.spec.schedule);
      await this.trigger(testId);
    } catch (e) {
      await this.options.store.clearRunRequest(testId, requestedBy);
      throw e;
    }
  }

  /** Triggers the task; a claim in progress (a few ms) is waited out. */
  private async trigger(testId: string, attempts = 5): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.scheduler.triggerTask(taskId(testId));
        return;
      } catch (e) {
        if (!(e instanceof ConflictError) || attempt >= attempts) throw e;
        await sleep(500 * attempt);
      }
    }
  }

  stop(): void {
    this.stopping.abort();
    for (const id of [...this.scheduled.keys()]) this.unschedule(id);
  }
}

/** What identifies a schedule as written, to tell a changed one. */
function scheduleKey(schedule: WrittenSchedule): string {
  return JSON.stringify([schedule.cron, schedule.timezone]);
}

function refusal(
  testId: string,
  request: Exclude<RunRequestResult, { requested: true }>,
  step?: string,
): string {
  switch (request.reason) {
    case 'running':
      return `Restore test ${testId} is already running${
        request.by ? ` (started by ${request.by})` : ''
      }${step ? `, at step "${step}"` : ''}; run it again once it has finished`;
    case 'interrupted':
      return `The last run of restore test ${testId} was interrupted (its backend stopped) and is being cleaned up; it can run again within a minute or two`;
    case 'requested':
      return `A run of restore test ${testId} was already requested${
        request.by ? ` by ${request.by}` : ''
      } and starts shortly`;
    default:
      return `No restore test ${testId}`;
  }
}
