import { z } from 'zod';
import { isDuration } from '../scenario/duration';

const duration = z
  .string()
  .refine(isDuration, 'a duration such as 30s, 5m or 4h');

/** One backup a BackupConfiguration already took: a BackupSession and its Snapshot. */
const takenBackup = z
  .object({
    /** How long ago it finished. */
    age: duration.default('1h'),
    duration: duration.default('2m'),
    phase: z.enum(['Succeeded', 'Failed', 'Running']).default('Succeeded'),
    /** `false` marks a Snapshot whose integrity check failed. */
    integrity: z.boolean().optional(),
    /** How restores from it go wrong: `fail: <message>`, `metrics: <message>`, `unknown` or `stuck`. */
    restoreFault: z.string().optional(),
  })
  .strict();

/**
 * KubeStash in the simulated cluster: its operator's namespace, and
 * BackupConfigurations that each back up one namespace's manifests with
 * kubedump into a Repository, with the backups they already took.
 */
export const kubestashScenarioSchema = z
  .object({
    namespace: z.string().default('kubestash'),
    backupConfigurations: z
      .array(
        z
          .object({
            name: z.string().min(1),
            /** Where the BackupConfiguration, its Repository and Snapshots live. */
            namespace: z.string().min(1),
            /** The namespace it backs up. */
            targetNamespace: z.string().min(1),
            repository: z.string().min(1),
            schedule: z.string().default('0 */6 * * *'),
            paused: z.boolean().default(false),
            /** A RetentionPolicy keeping the last N successful snapshots. */
            keepLast: z.number().int().min(1).optional(),
            backups: z.array(takenBackup).default([{}]),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export type KubeStashScenario = z.infer<typeof kubestashScenarioSchema>;
