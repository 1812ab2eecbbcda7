import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { TaskSchedules } from '../config/readKymarosConfig';

/** What the plugin's own scheduler tasks do. */
export interface KymarosTaskWork {
  /** Reads the catalog into the store, then schedules. */
  refreshTests(): Promise<void>;
  /** Registers this replica's tasks for the tests in the store. */
  syncSchedules(): Promise<void>;
  /** One reaper pass. */
  reap(): Promise<unknown>;
}

/**
 * Registers the plugin's own tasks with their configured cadences: the
 * catalog follow on one replica at a time, the schedule sync and the reaper
 * on every replica (their scopes are fixed by `readTaskSchedules`).
 */
export async function scheduleKymarosTasks(
  scheduler: SchedulerService,
  schedules: TaskSchedules,
  work: KymarosTaskWork,
): Promise<void> {
  await scheduler.scheduleTask({
    id: 'kymaros:refresh-tests',
    ...schedules.refreshTests,
    fn: () => work.refreshTests(),
  });
  await scheduler.scheduleTask({
    id: 'kymaros:sync-schedules',
    ...schedules.syncSchedules,
    fn: () => work.syncSchedules(),
  });
  await scheduler.scheduleTask({
    id: 'kymaros:reaper',
    ...schedules.reaper,
    fn: async () => {
      await work.reap();
    },
  });
}
