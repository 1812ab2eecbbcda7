import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError, ConflictError } from '@backstage/errors';
import type { KymarosStore, TestRecord } from '../store/KymarosStore';
import { nextRunAt } from './nextRunAt';

export interface TestSchedulerOptions {
  scheduler: SchedulerService;
  store: KymarosStore;
  /** Loads every test definition from the catalog. */
  loadTests(): Promise<TestRecord[]>;
  run(testId: string, triggeredBy: string, signal: AbortSignal): Promise<void>;
  /** Removes what a removed test may have left behind. */
  onRemoved?(testIds: string[]): Promise<void>;
  logger: LoggerService;
  runTimeoutMs: number;
}

/** The scheduler task id of a test; visible in DevTools' Scheduled Tasks. */
export function taskId(testId: string): string {
  return `restore-test:${testId}`;
}

/**
 * Keeps one global scheduler task per valid RestoreTest, following the
 * catalog: new tests are scheduled and run once right away, changed
 * schedules are re-registered, removed tests stop. Global tasks run on one
 * replica at a time.
 */
export class TestScheduler {
  private readonly scheduled = new Map<
    string,
    { cron: string; controller: AbortController }
  >();
  private readonly requestedBy = new Map<string, string>();

  constructor(private readonly o: TestSchedulerOptions) {}

  async refresh(): Promise<void> {
    const tests = await this.o.loadTests();
    const known = new Set((await this.o.store.listTests()).map(t => t.id));
    await this.o.store.upsertTests(tests);
    const removed = await this.o.store.removeTestsExcept(tests.map(t => t.id));
    for (const t of removed) this.unschedule(t.id);
    if (removed.length) {
      this.o.logger.info(
        `Restore tests removed from the catalog: ${removed
          .map(t => t.id)
          .join(', ')}`,
      );
      await this.o.onRemoved?.(removed.map(t => t.id));
    }
    for (const test of tests) {
      if (!test.spec) {
        this.unschedule(test.id);
        continue;
      }
      const cron = test.spec.schedule.cron;
      const current = this.scheduled.get(test.id);
      if (current?.cron === cron) continue;
      this.unschedule(test.id);
      await this.schedule(test.id, cron);
      await this.o.store.updateState(test.id, { nextRunAt: nextRunAt(cron) });
      if (!known.has(test.id)) {
        // A new test runs once right away, then on its schedule.
        this.requestedBy.set(test.id, 'first run');
        await this.o.scheduler
          .triggerTask(taskId(test.id))
          .catch(e =>
            this.o.logger.warn(
              `Could not start the first run of ${test.id}: ${
                (e as Error).message
              }`,
            ),
          );
      }
    }
  }

  private async schedule(testId: string, cron: string) {
    const controller = new AbortController();
    this.scheduled.set(testId, { cron, controller });
    await this.o.scheduler.scheduleTask({
      id: taskId(testId),
      frequency: { cron },
      timeout: { milliseconds: this.o.runTimeoutMs + 60_000 },
      scope: 'global',
      signal: controller.signal,
      fn: async abort => {
        const by = this.requestedBy.get(testId) ?? 'schedule';
        this.requestedBy.delete(testId);
        await this.o.run(testId, by, abort);
      },
    });
  }

  private unschedule(testId: string) {
    this.scheduled.get(testId)?.controller.abort();
    this.scheduled.delete(testId);
  }

  /** Runs a test now through its scheduler task, so it still never overlaps itself. */
  async requestRun(testId: string, requestedBy: string): Promise<void> {
    const test = await this.o.store.getTest(testId);
    if (!test) throw new NotFoundError(`No restore test ${testId}`);
    if (!test.spec)
      throw new ConflictError(
        `Restore test ${testId} is invalid: ${test.error}`,
      );
    if (!this.scheduled.has(testId))
      await this.schedule(testId, test.spec.schedule.cron);
    this.requestedBy.set(testId, requestedBy);
    await this.o.scheduler.triggerTask(taskId(testId));
  }

  stop(): void {
    for (const id of [...this.scheduled.keys()]) this.unschedule(id);
  }
}
