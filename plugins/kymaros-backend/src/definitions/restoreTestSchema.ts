import { z } from 'zod';
import { tryParseDuration } from '@kymaros/plugin-kymaros-common';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { checkDefinitionSchema } from '../checks/checkDefinition';
import { QUANTITY_EXPECTATION, QUANTITY_PATTERN } from '../sandbox/quantity';
import { notificationsSchema } from '../notifications/notificationsSchema';
import type { ValueFreeParams } from '../checks/validation';
import { sandboxEgressSchema } from './sandboxEgressSchema';

/** Spec durations follow the one duration parser; reported as a format issue, so messages name the expectation. */
const duration = z.string().superRefine((value, ctx) => {
  if (tryParseDuration(value) === undefined)
    ctx.addIssue({
      code: z.ZodIssueCode.invalid_string,
      validation: 'regex',
      message: 'must be a duration such as 30s, 5m or 2h',
    });
});
/** A duration of at least `min` (written as in messages, e.g. `1m`). */
const durationAtLeast = (minMs: number, min: string) =>
  z.string().superRefine((value, ctx) => {
    const ms = tryParseDuration(value);
    if (ms === undefined || ms < minMs)
      ctx.addIssue({
        code: z.ZodIssueCode.invalid_string,
        validation: 'regex',
        message: `must be a duration of at least ${min}`,
      });
  });
/** A sandbox quota or limit: what the API server takes as a quantity. */
const quantity = z.preprocess(
  // `cpu: 4` unquoted is a number in YAML; it means the quantity "4".
  v => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? String(v) : v),
  z
    .string({ invalid_type_error: `must be ${QUANTITY_EXPECTATION}` })
    .regex(QUANTITY_PATTERN, `must be ${QUANTITY_EXPECTATION}`),
);
const labels = z.record(z.string());

/** `restore.kymaros.io/v1alpha1` RestoreTest spec as Kymaros writes it, with this product's additions optional. */
function specSchema(check: z.ZodTypeAny) {
  return z
    .object({
      backupSource: z
        .object({
          provider: z.string().min(1),
          backupName: z.string().default('latest'),
          namespaces: z
            .array(
              z
                .object({
                  name: z.string().min(1),
                  sandboxName: z.string().optional(),
                })
                .strict(),
            )
            .min(1, 'must list at least one namespace'),
          labelSelector: labels.optional(),
        })
        .strict(),
      cluster: z.string().optional(),
      schedule: z
        .object({ cron: z.string().min(1), timezone: z.string().optional() })
        .strict(),
      sandbox: z
        .object({
          namespacePrefix: z.string().optional(),
          ttl: duration.optional(),
          networkIsolation: z.enum(['strict', 'group']).optional(),
          resourceQuota: z
            .object({
              cpu: quantity.optional(),
              memory: quantity.optional(),
              storage: quantity.optional(),
              pods: z.number().int().min(1).optional(),
              // Sized from the backup's requests, the values beside it as the floor.
              auto: z.boolean().optional(),
            })
            .strict()
            .optional(),
          limitRange: z
            .object({
              defaultCpu: quantity.optional(),
              defaultMemory: quantity.optional(),
              defaultRequestCpu: quantity.optional(),
              defaultRequestMemory: quantity.optional(),
            })
            .strict()
            .optional(),
          egress: sandboxEgressSchema.optional(),
          runJobs: z.boolean().optional(),
        })
        .strict()
        .default({}),
      healthChecks: z
        .object({
          policyRef: z.string().optional(),
          // Checks need a moment to run at all.
          timeout: durationAtLeast(1000, '1s').optional(),
          checks: z.array(check).optional(),
        })
        .strict()
        .optional(),
      sla: z
        .object({
          maxRTO: duration.optional(),
          maxRPO: duration.optional(),
          alertOnExceed: z.boolean().optional(),
        })
        .strict()
        .optional(),
      podReadyTimeout: duration.optional(),
      // A run creates sandboxes, restores, waits for pods and checks within it.
      timeout: durationAtLeast(60_000, '1m').optional(),
      historyLimit: z.number().int().min(1).max(1000).optional(),
      notifications: notificationsSchema.optional(),
      logCollection: z
        .object({
          enabled: z.boolean().optional(),
          maxLines: z.number().int().min(10).max(1000).optional(),
          includeEvents: z.boolean().optional(),
          includeInit: z.boolean().optional(),
          includePrevious: z.boolean().optional(),
        })
        .strict()
        .optional(),
    })
    .strict();
}

function documentSchema(check: z.ZodTypeAny) {
  return z.discriminatedUnion('kind', [
    z.object({
      apiVersion: z.literal('restore.kymaros.io/v1alpha1'),
      kind: z.literal('RestoreTest'),
      metadata: z
        .object({ name: z.string().min(1), namespace: z.string().optional() })
        .passthrough(),
      spec: z.unknown(),
    }),
    z.object({
      apiVersion: z.literal('restore.kymaros.io/v1alpha1'),
      kind: z.literal('HealthCheckPolicy'),
      metadata: z
        .object({ name: z.string().min(1), namespace: z.string().optional() })
        .passthrough(),
      spec: z.object({ checks: z.array(check).min(1) }).passthrough(),
    }),
  ]);
}

interface Schemas {
  spec: ReturnType<typeof specSchema>;
  document: ReturnType<typeof documentSchema>;
}

const schemasByTypes = new WeakMap<ReadonlyMap<string, CheckType>, Schemas>();

/** The schemas for these check types: each check's settings are validated by its type's own schema. */
function schemasFor(types: ReadonlyMap<string, CheckType>): Schemas {
  let schemas = schemasByTypes.get(types);
  if (!schemas) {
    const check = checkDefinitionSchema(types);
    schemas = { spec: specSchema(check), document: documentSchema(check) };
    schemasByTypes.set(types, schemas);
  }
  return schemas;
}

/** A RestoreTest spec, with its checks validated against these check types. */
export const restoreTestSpecSchema = (types: ReadonlyMap<string, CheckType>) =>
  schemasFor(types).spec;

/** A RestoreTest or HealthCheckPolicy document, with checks validated against these check types. */
export const kymarosDocumentSchema = (types: ReadonlyMap<string, CheckType>) =>
  schemasFor(types).document;

/**
 * What a value should have been, said without repeating the value: a
 * definition file may hold a secret in any field, and errors are shown to
 * every portal user.
 */
export function issueExpectation(issue: z.ZodIssue): string | undefined {
  if (issue.code === 'invalid_enum_value')
    return `one of ${issue.options.join(', ')}`;
  if (issue.code === 'invalid_string' && issue.message.startsWith('must be '))
    return issue.message.slice('must be '.length);
  if (issue.code === 'custom') {
    const expected = (issue.params as Partial<ValueFreeParams> | undefined)
      ?.expected;
    if (typeof expected === 'string') return expected;
  }
  return undefined;
}

/** A Zod issue as text that never contains the value it rejected. */
export function issueText(issue: z.ZodIssue): string {
  const expected = issueExpectation(issue);
  return expected ? `must be ${expected}` : issue.message;
}

/** The field an issue is about, as written in the file: `spec.sandbox.ttl`. */
export function issuePath(issue: z.ZodIssue, prefix: string): string {
  return [prefix, ...issue.path].filter(p => p !== '').join('.');
}

/** One line per problem, with the path to the field: `spec.schedule.cron: Required`. */
export function formatZodError(error: z.ZodError, prefix: string): string {
  return error.issues
    .map(i => `${issuePath(i, prefix)}: ${issueText(i)}`)
    .join('; ');
}
