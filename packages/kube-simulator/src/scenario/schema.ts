import { z } from 'zod';
import { faultRuleSchema } from '../faults/FaultInjector';
import { isDuration } from './duration';
import { kubestashScenarioSchema } from '../kubestash/scenario';

const kubeObject = z
  .object({
    apiVersion: z.string().min(1),
    kind: z.string().min(1),
    metadata: z
      .object({ name: z.string().min(1), namespace: z.string().optional() })
      .passthrough(),
  })
  .passthrough();

const duration = z
  .string()
  .refine(isDuration, 'a duration such as 30s, 5m or 4h');

export const scenarioSchema = z
  .object({
    name: z.string().optional(),
    description: z.string().optional(),
    timings: z
      .object({
        podStartMs: z.number().int().min(0),
        jobRunMs: z.number().int().min(0),
        namespaceTerminationMs: z.number().int().min(0),
        veleroStepMs: z.number().int().min(0),
        bookmarkIntervalMs: z.number().int().min(10),
        watchMaxMs: z.number().int().min(100),
      })
      .partial()
      .strict()
      .optional(),
    velero: z
      .object({
        namespace: z.string().default('velero'),
        storageLocations: z
          .array(
            z
              .object({
                name: z.string(),
                phase: z
                  .enum(['Available', 'Unavailable'])
                  .default('Available'),
                default: z.boolean().optional(),
              })
              .strict(),
          )
          .default([{ name: 'default', phase: 'Available', default: true }]),
      })
      .strict()
      .optional(),
    /** Kasten K10: policies with their past runs; each run holds restore points of the policy's namespaces as they are at start-up. */
    kasten: z
      .object({
        namespace: z.string().default('kasten-io'),
        policies: z
          .array(
            z
              .object({
                name: z.string().min(1),
                namespaces: z.array(z.string().min(1)).min(1),
                frequency: z.string().default('@hourly'),
                paused: z.boolean().optional(),
                retention: z.record(z.number().int().min(0)).optional(),
                /** With a location profile, each run also exports: a second restore point per namespace. */
                exportProfile: z.string().optional(),
                runs: z
                  .array(
                    z
                      .object({
                        /** How long ago the run finished. */
                        age: duration.default('1h'),
                        duration: duration.default('2m'),
                        /** The RestorePointContents' state. */
                        state: z.string().default('Bound'),
                        /** The run failed with this message: no restore points. */
                        failed: z.string().optional(),
                        /** Put on the run's restore points (restore fault injection). */
                        annotations: z.record(z.string()).optional(),
                      })
                      .strict(),
                  )
                  .default([]),
              })
              .strict(),
          )
          .default([]),
      })
      .strict()
      .optional(),
    /** KubeStash's operator namespace and BackupConfigurations with the backups they took. */
    kubestash: kubestashScenarioSchema.optional(),
    /** Any Kubernetes objects, created in order; their namespaces are created when missing. */
    objects: z.array(kubeObject).default([]),
    /** Backups that already exist: their contents are the objects of their namespaces at start-up. */
    backups: z
      .array(
        z
          .object({
            name: z.string().min(1),
            includedNamespaces: z.array(z.string()).min(1),
            excludedResources: z.array(z.string()).optional(),
            phase: z
              .enum([
                'Completed',
                'PartiallyFailed',
                'Failed',
                'FailedValidation',
                'InProgress',
              ])
              .default('Completed'),
            /** How long ago the backup completed. */
            age: duration.default('1h'),
            /** How long it took. */
            duration: duration.default('2m'),
            ttl: duration.default('720h'),
            storageLocation: z.string().default('default'),
            labels: z.record(z.string()).optional(),
            annotations: z.record(z.string()).optional(),
            /** Objects that were in the backup but are no longer in the cluster. */
            extraObjects: z.array(kubeObject).default([]),
          })
          .strict(),
      )
      .default([]),
    jobs: z
      .array(
        z
          .object({
            image: z.string().optional(),
            command: z.string().optional(),
            namespace: z.string().optional(),
            exitCode: z.number().int(),
            log: z.string().optional(),
            durationMs: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .default([]),
    exec: z
      .array(
        z
          .object({
            command: z.string(),
            image: z.string().optional(),
            exitCode: z.number().int().optional(),
            stdout: z.string().optional(),
            stderr: z.string().optional(),
          })
          .strict(),
      )
      .default([]),
    faults: z.array(faultRuleSchema).default([]),
  })
  .strict();

export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
