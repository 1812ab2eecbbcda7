import * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { apiErrorCode, describeError } from '../util/errors';
import { excerpt, lastLines } from '../util/text';
import { describeNotReady } from '../kube/podState';
import { exitCodeSchema, timeoutSchema } from './validation';
import {
  envNameSchema,
  secretKeySchema,
  secretNameSchema,
} from './kubernetesNames';
import { pollUntil } from '../kube/poll';
import { waitBudgetMs } from './waitBudget';
import { objectExists } from './objectExists';
import { SearchedSandbox, locateOne } from './sandboxSearch';

/** Label the check Jobs put on their pods, so that podStatus never counts them. */
export const CHECK_LABEL = 'kymaros.io/check';

const CONTAINER = 'check';
const LOG_LINES = 5;

const jobCheckSchema = z
  .object({
    image: z.string({ required_error: 'is required' }).min(1, 'is required'),
    command: z
      .array(z.string(), { invalid_type_error: 'must be a list of strings' })
      .optional(),
    args: z
      .array(z.string(), { invalid_type_error: 'must be a list of strings' })
      .optional(),
    env: z
      .array(
        z
          .object({
            name: envNameSchema,
            value: z.string().optional(),
            secretKeyRef: z
              .object({ name: secretNameSchema, key: secretKeySchema })
              .optional(),
          })
          .refine(
            e => (e.value === undefined) !== (e.secretKeyRef === undefined),
            {
              message: 'needs exactly one of value and secretKeyRef',
            },
          ),
      )
      .optional(),
    envFromSecrets: z.array(secretNameSchema).optional(),
    successExitCode: exitCodeSchema.optional(),
    timeout: timeoutSchema.optional(),
  })
  .strict();

/** The settings of a `query` or `script` check: the verifier Job's container and the exit code that passes. */
export type JobCheckSpec = z.infer<typeof jobCheckSchema>;

/** A label value from any text: at most 63 characters of [A-Za-z0-9._-], alphanumeric at both ends. */
export function labelValue(text: string): string {
  return text
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 63)
    .replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
}

/**
 * The verifier Job for a `query` or `script` check (KubeStash's strategies):
 * one attempt (retries belong to the check runner), a deadline matching the
 * check's timeout so the cluster stops it even if this process dies, and a
 * TTL as a last resort should the delete fail.
 */
export function buildCheckJob(
  type: string,
  check: HealthCheck,
  spec: JobCheckSpec,
  context: Pick<CheckContext, 'labels' | 'timeoutMs'>,
): k8s.V1Job {
  const labels = {
    ...context.labels,
    [CHECK_LABEL]: labelValue(check.name) || type,
  };
  // Job names must stay ≤ 63 characters (the job-name label); generateName adds 5.
  const prefix = `kymaros-${type}-${labelValue(check.name).toLowerCase()}`
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 57)
    .replace(/-+$/, '');
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName: `${prefix}-`, labels },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: Math.max(1, Math.ceil(context.timeoutMs / 1000)),
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          // The verifier talks to the restored app, never to the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [
            {
              name: CONTAINER,
              image: spec.image,
              command: spec.command,
              args: spec.args,
              env: spec.env?.map(e =>
                e.secretKeyRef
                  ? {
                      name: e.name,
                      valueFrom: { secretKeyRef: e.secretKeyRef },
                    }
                  : { name: e.name, value: e.value },
              ),
              envFrom: spec.envFromSecrets?.map(name => ({
                secretRef: { name },
              })),
            },
          ],
        },
      },
    },
  };
}

function finished(job: k8s.V1Job): k8s.V1JobCondition | undefined {
  return job.status?.conditions?.find(
    c => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

async function jobPods(
  core: k8s.CoreV1Api,
  namespace: string,
  job: k8s.V1Job,
): Promise<k8s.V1Pod[]> {
  const pods = await core.listNamespacedPod({
    namespace,
    labelSelector: `job-name=${job.metadata!.name}`,
  });
  return pods.items
    .filter(p =>
      p.metadata?.ownerReferences?.some(
        owner => owner.uid === job.metadata!.uid,
      ),
    )
    .sort((a, b) =>
      String(b.metadata?.creationTimestamp ?? '').localeCompare(
        String(a.metadata?.creationTimestamp ?? ''),
      ),
    );
}

function terminated(pod: k8s.V1Pod | undefined) {
  return pod?.status?.containerStatuses?.find(c => c.name === CONTAINER)?.state
    ?.terminated;
}

async function logTail(
  core: k8s.CoreV1Api,
  namespace: string,
  pod: string,
): Promise<string> {
  try {
    const log = await core.readNamespacedPodLog({
      name: pod,
      namespace,
      container: CONTAINER,
      tailLines: LOG_LINES,
    });
    const lines = lastLines(String(log ?? ''), LOG_LINES);
    return lines.length ? `; log: ${excerpt(lines.join(' | '), 400)}` : '';
  } catch (e) {
    return `; log unavailable: ${describeError(e)}`;
  }
}

/** What the Job's outcome means for the check, once the Job is finished or the wait is over. */
async function verdict(
  type: string,
  spec: JobCheckSpec,
  core: k8s.CoreV1Api,
  namespace: string,
  job: k8s.V1Job,
  condition: k8s.V1JobCondition | undefined,
  waited: number,
): Promise<{ status: 'pass' | 'fail'; message: string }> {
  const expected = spec.successExitCode ?? 0;
  const name = job.metadata!.name!;
  const pod = (await jobPods(core, namespace, job))[0];
  const state = terminated(pod);
  if (state) {
    const log = await logTail(core, namespace, pod!.metadata!.name!);
    return state.exitCode === expected
      ? {
          status: 'pass',
          message: `${type} Job ${name} exited ${state.exitCode}${log}`,
        }
      : {
          status: 'fail',
          message: `${type} Job ${name} exited ${
            state.exitCode
          }, expected ${expected}${
            state.reason &&
            state.reason !== 'Error' &&
            state.reason !== 'Completed'
              ? ` (${state.reason})`
              : ''
          }${log}`,
        };
  }
  if (condition) {
    // Finished without a terminated container: deadline exceeded, pod deleted or evicted.
    return {
      status: 'fail',
      message: `${type} Job ${name} failed: ${condition.reason ?? 'Failed'}${
        condition.message ? ` (${condition.message})` : ''
      }`,
    };
  }
  return {
    status: 'fail',
    message: `${type} Job ${name} did not finish within ${formatDuration(
      waited,
    )}${
      pod
        ? `; ${describeNotReady(pod).replace(' not Ready', '')}`
        : '; no pod was created'
    }`,
  };
}

/** The Secrets the verifier's container reads, each once. */
export function referencedSecrets(spec: JobCheckSpec): string[] {
  const names = [
    ...(spec.env ?? []).flatMap(e =>
      e.secretKeyRef ? [e.secretKeyRef.name] : [],
    ),
    ...(spec.envFromSecrets ?? []),
  ];
  return [...new Set(names)];
}

/**
 * The sandbox a verifier Job runs in. It can only start where the Secrets it
 * reads exist, so those locate it (see `locateOne`); a Job that reads none
 * has nothing to be found by and runs in the context's sandbox: the check's
 * namespace, else the test's first.
 */
async function jobSandbox(
  context: CheckContext,
  spec: JobCheckSpec,
): Promise<
  | { where: SearchedSandbox; place: Pick<CheckOutcome, 'namespaces'> }
  | { failed: CheckOutcome }
> {
  const secrets = referencedSecrets(spec);
  if (secrets.length === 0) {
    return {
      where: { source: context.sourceNamespace, sandbox: context.sandbox },
      place: {},
    };
  }
  const secretExists = (where: SearchedSandbox, name: string) =>
    objectExists(
      context.kubeConfig,
      `/api/v1/namespaces/${encodeURIComponent(
        where.sandbox,
      )}/secrets/${encodeURIComponent(name)}`,
      context.signal,
    );
  try {
    return await locateOne(
      context,
      `${secrets.length === 1 ? 'Secret' : 'Secrets'} ${secrets.join(', ')}`,
      async where =>
        (
          await Promise.all(secrets.map(name => secretExists(where, name)))
        ).every(Boolean)
          ? true
          : undefined,
    );
  } catch (e) {
    if (context.signal.aborted) throw e;
    return {
      failed: {
        status: 'fail',
        message: `could not look for Secrets ${secrets.join(
          ', ',
        )}: ${describeError(e)}`,
      },
    };
  }
}

/**
 * `query` and `script` checks: KubeStash's verification strategies, run as a
 * Job inside the sandbox (so it reaches the restored database across the
 * sandbox's NetworkPolicies, with the restored Secrets as credentials). The
 * exit code is the verdict. The Job is deleted on every path.
 */
export function jobCheckType(type: 'query' | 'script'): CheckType {
  return {
    type,
    settings: jobCheckSchema,
    async run(check, context) {
      const spec = check[type] as JobCheckSpec;
      // Looking for the sandbox is part of the attempt: the wait ends at the same deadline.
      const started = Date.now();
      const located = await jobSandbox(context, spec);
      if ('failed' in located) return located.failed;
      const outcome = await runJob(
        type,
        check,
        spec,
        context,
        located.where.sandbox,
        started,
      );
      return { ...outcome, ...located.place };
    },
  };
}

/** Runs the verifier Job in `namespace`, waits for its verdict and deletes it. */
async function runJob(
  type: 'query' | 'script',
  check: HealthCheck,
  spec: JobCheckSpec,
  context: CheckContext,
  namespace: string,
  started: number,
): Promise<CheckOutcome> {
  const batch = context.kubeConfig.makeApiClient(k8s.BatchV1Api);
  const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
  const job = await batch.createNamespacedJob({
    namespace,
    body: buildCheckJob(type, check, spec, context),
  });
  const name = job.metadata!.name!;
  try {
    let current = job;
    const condition = await pollUntil(
      async () => {
        try {
          current = await batch.readNamespacedJob({ name, namespace });
        } catch (e) {
          // A Job that vanished is an answer; a flaky API server is not.
          if (apiErrorCode(e) === 404) throw e;
          context.logger.debug(
            `Reading check Job ${namespace}/${name} failed, will retry: ${describeError(
              e,
            )}`,
          );
          return undefined;
        }
        return finished(current);
      },
      {
        signal: context.signal,
        deadline: started + waitBudgetMs(context.timeoutMs),
        initialIntervalMs: 200,
      },
    );
    return await verdict(
      type,
      spec,
      core,
      namespace,
      current,
      condition,
      Date.now() - started,
    );
  } finally {
    await batch
      .deleteNamespacedJob({
        name,
        namespace,
        propagationPolicy: 'Background',
      })
      .catch(e => {
        if (apiErrorCode(e) !== 404) {
          context.logger.warn(
            `Could not delete check Job ${namespace}/${name}: ${describeError(
              e,
            )}`,
          );
        }
      });
  }
}

export const queryCheck = jobCheckType('query');
export const scriptCheck = jobCheckType('script');
