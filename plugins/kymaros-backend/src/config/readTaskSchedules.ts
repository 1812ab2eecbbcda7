import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, ConfigReader, JsonObject } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { describeError } from '../util/errors';
import { readDurationMs } from './configValues';

/** The cadences of the plugin's own scheduler tasks (`kymaros.schedules.*`). */
export interface TaskSchedules {
  /** `kymaros:refresh-tests`: one replica at a time reads the catalog into the store. */
  refreshTests: SchedulerServiceTaskScheduleDefinition;
  /** `kymaros:sync-schedules`: every replica registers the tests' tasks from the store. */
  syncSchedules: SchedulerServiceTaskScheduleDefinition;
  /** `kymaros:reaper`: every replica reports dead runs and deletes what they recorded. */
  reaper: SchedulerServiceTaskScheduleDefinition;
}

interface TaskDefaults {
  /** Not configurable: each task's correctness depends on it. */
  scope: 'global' | 'local';
  frequency: JsonObject;
  timeout: JsonObject;
  initialDelay?: JsonObject;
  /** Older keys under `kymaros` that still set one field of this schedule, by field. */
  shorthands: Partial<Record<'frequency' | 'initialDelay', ShortHand>>;
}

interface ShortHand {
  key: string;
  fallback: string;
}

const taskDefaults: Record<keyof TaskSchedules, TaskDefaults> = {
  // One replica at a time reads the catalog…
  refreshTests: {
    scope: 'global',
    frequency: { seconds: 15 },
    timeout: { minutes: 2 },
    shorthands: {
      frequency: { key: 'catalog.refreshInterval', fallback: '15s' },
    },
  },
  // …and every replica registers the tests' tasks from the store.
  syncSchedules: {
    scope: 'local',
    frequency: { seconds: 15 },
    timeout: { minutes: 1 },
    initialDelay: { seconds: 1 },
    shorthands: {},
  },
  // Local on purpose: a global task's stored next run survives a restart
  // (ignoring the initial delay), and a dead replica would hold its ticket;
  // passes on several replicas at once are safe.
  reaper: {
    scope: 'local',
    frequency: { minutes: 1 },
    timeout: { minutes: 5 },
    initialDelay: { seconds: 30 },
    shorthands: {
      frequency: { key: 'reaper.interval', fallback: '1m' },
      initialDelay: { key: 'reaper.initialDelay', fallback: '30s' },
    },
  },
};

/** Reads `kymaros.schedules.<task>` for each task, field by field over the defaults. */
export function readTaskSchedules(kymaros: Config | undefined): TaskSchedules {
  return {
    refreshTests: readTaskSchedule(kymaros, 'refreshTests'),
    syncSchedules: readTaskSchedule(kymaros, 'syncSchedules'),
    reaper: readTaskSchedule(kymaros, 'reaper'),
  };
}

function readTaskSchedule(
  kymaros: Config | undefined,
  task: keyof TaskSchedules,
): SchedulerServiceTaskScheduleDefinition {
  const key = `kymaros.schedules.${task}`;
  const { scope, shorthands, ...defaults } = taskDefaults[task];
  const block = kymaros?.getOptionalConfig(`schedules.${task}`);
  if (block?.has('scope'))
    throw new InputError(
      `${key}.scope: the scope of this task is fixed (${scope}); remove the key`,
    );
  const fields: JsonObject = { ...defaults };
  for (const [field, shorthand] of Object.entries(shorthands)) {
    if (!kymaros?.has(shorthand.key)) continue;
    if (block?.has(field))
      throw new InputError(
        `kymaros.${shorthand.key} and ${key}.${field} both set the same thing; keep one`,
      );
    fields[field] = {
      milliseconds: readDurationMs(kymaros, shorthand.key, shorthand.fallback),
    };
  }
  const merged = new ConfigReader(
    { ...fields, ...block?.get<JsonObject>() },
    'app-config',
    undefined,
    key,
  );
  try {
    return {
      ...readSchedulerServiceTaskScheduleDefinitionFromConfig(merged),
      scope,
    };
  } catch (e) {
    throw new InputError(`${key}: ${describeError(e)}`);
  }
}
