import { z } from 'zod';

const duration = z
  .string()
  .regex(
    /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/,
    'must be a duration such as 30s, 5m or 2h',
  );
const labels = z.record(z.string());
const port = z.union([z.number().int().min(1).max(65535), z.string().min(1)]);

const jobCheck = z
  .object({
    image: z.string().min(1),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
    env: z
      .array(
        z.object({
          name: z.string(),
          value: z.string().optional(),
          secretKeyRef: z
            .object({ name: z.string(), key: z.string() })
            .optional(),
        }),
      )
      .optional(),
    envFromSecrets: z.array(z.string()).optional(),
    successExitCode: z.number().int().optional(),
    timeout: duration.optional(),
  })
  .strict();

export const healthCheckSchema = z
  .object({
    name: z.string().min(1),
    type: z.string().min(1),
    namespace: z.string().optional(),
    dependsOn: z.array(z.string()).optional(),
    timeout: duration.optional(),
    retries: z.number().int().min(0).max(20).optional(),
    podStatus: z
      .object({
        labelSelector: labels.optional(),
        minReady: z.number().int().min(0),
        timeout: duration.optional(),
      })
      .strict()
      .optional(),
    httpGet: z
      .object({
        service: z.string().min(1),
        port,
        path: z.string().startsWith('/'),
        expectedStatus: z.number().int().min(100).max(599).optional(),
        bodyMatches: z.string().optional(),
        scheme: z.enum(['http', 'https']).optional(),
        timeout: duration.optional(),
        retries: z.number().int().min(0).max(20).optional(),
      })
      .strict()
      .optional(),
    tcpSocket: z
      .object({
        service: z.string().min(1),
        port,
        timeout: duration.optional(),
      })
      .strict()
      .optional(),
    exec: z
      .object({
        podSelector: labels,
        container: z.string().optional(),
        command: z.array(z.string()).min(1),
        successExitCode: z.number().int().optional(),
        timeout: duration.optional(),
      })
      .strict()
      .optional(),
    resourceExists: z
      .object({
        resources: z
          .array(
            z
              .object({
                kind: z.string().min(1),
                name: z.string().min(1),
                apiVersion: z.string().optional(),
              })
              .strict(),
          )
          .min(1),
      })
      .strict()
      .optional(),
    query: jobCheck.optional(),
    script: jobCheck.optional(),
  })
  .passthrough();

/** `restore.kymaros.io/v1alpha1` RestoreTest spec as Kymaros writes it, with this product's additions optional. */
export const restoreTestSpecSchema = z
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
            cpu: z.string().optional(),
            memory: z.string().optional(),
            storage: z.string().optional(),
            pods: z.number().int().min(1).optional(),
          })
          .strict()
          .optional(),
        limitRange: z
          .object({
            defaultCpu: z.string().optional(),
            defaultMemory: z.string().optional(),
            defaultRequestCpu: z.string().optional(),
            defaultRequestMemory: z.string().optional(),
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
    healthChecks: z
      .object({
        policyRef: z.string().optional(),
        timeout: duration.optional(),
        checks: z.array(healthCheckSchema).optional(),
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
    timeout: duration.optional(),
    historyLimit: z.number().int().min(1).max(1000).optional(),
    // Accepted so Kymaros files load unchanged; this product notifies through Backstage.
    notifications: z.unknown().optional(),
    logCollection: z.unknown().optional(),
  })
  .strict();

export const kymarosDocumentSchema = z.discriminatedUnion('kind', [
  z.object({
    apiVersion: z.literal('restore.kymaros.io/v1alpha1'),
    kind: z.literal('RestoreTest'),
    metadata: z.object({ name: z.string().min(1) }).passthrough(),
    spec: z.unknown(),
  }),
  z.object({
    apiVersion: z.literal('restore.kymaros.io/v1alpha1'),
    kind: z.literal('HealthCheckPolicy'),
    metadata: z.object({ name: z.string().min(1) }).passthrough(),
    spec: z.object({ checks: z.array(healthCheckSchema).min(1) }).passthrough(),
  }),
]);

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
