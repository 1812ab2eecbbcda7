import { z } from 'zod';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { Discovery, objectPath } from '../kube/discovery';
import { kubeGet, statusMessage } from '../kube/kubeRequest';
import { describeError } from '../util/errors';
import { excerpt } from '../util/text';

const resourceExistsSchema = z
  .object({
    resources: z
      .array(
        z
          .object({
            kind: z
              .string({ required_error: 'is required' })
              .min(1, 'is required'),
            name: z
              .string({ required_error: 'is required' })
              .min(1, 'is required'),
            apiVersion: z.string().min(1).optional(),
          })
          .strict(),
        { required_error: 'is required' },
      )
      .min(1, 'must list at least one resource'),
  })
  .strict();

type ResourceExistsSettings = z.infer<typeof resourceExistsSchema>;

type Finding =
  | { state: 'present'; label: string }
  | { state: 'missing'; label: string }
  | { state: 'unknown'; label: string }
  | { state: 'error'; label: string; reason: string };

function describeFinding(f: Finding): string {
  switch (f.state) {
    case 'missing':
      return `${f.label} missing`;
    case 'unknown':
      return `kind ${f.label} unknown to the cluster`;
    case 'error':
      return `${f.label}: ${f.reason}`;
    default:
      return f.label;
  }
}

/**
 * Checks that named objects of any kind exist in the sandbox, custom
 * resources included: kinds are resolved through discovery, so an operator's
 * CRs (a restored `Certificate`, a `PostgresCluster`) can be checked like a
 * Secret.
 */
export const resourceExistsCheck: CheckType = {
  type: 'resourceExists',
  settings: resourceExistsSchema,
  async run(check, context) {
    const discovery = new Discovery(context.kubeConfig, context.signal);
    const findings = await Promise.all(
      (check.resourceExists as ResourceExistsSettings).resources.map(
        async (r): Promise<Finding> => {
          const resource = await discovery.resolve(r.kind, r.apiVersion);
          if (!resource) {
            return {
              state: 'unknown',
              label: r.apiVersion ? `${r.kind} (${r.apiVersion})` : r.kind,
            };
          }
          const label = `${resource.kind}/${r.name}`;
          const res = await kubeGet(
            context.kubeConfig,
            objectPath(resource, context.sandbox, r.name),
            { signal: context.signal, maxBytes: 1024 * 1024 },
          );
          if (res.status === 200) return { state: 'present', label };
          if (res.status === 404) return { state: 'missing', label };
          return {
            state: 'error',
            label,
            reason: `HTTP ${res.status}${
              res.body
                ? `: ${excerpt(statusMessage(res.body) ?? res.body)}`
                : ''
            }`,
          };
        },
      ),
    ).catch(e => {
      if (context.signal.aborted) throw e;
      return describeError(e);
    });
    if (typeof findings === 'string') {
      return { status: 'fail', message: findings };
    }
    const present = findings.filter(f => f.state === 'present');
    const summary = `${present.length}/${findings.length} present`;
    if (present.length === findings.length) {
      return {
        status: 'pass',
        message: excerpt(
          `${summary}: ${present.map(describeFinding).join(', ')}`,
          300,
        ),
      };
    }
    return {
      status: 'fail',
      message: excerpt(
        `${findings
          .filter(f => f.state !== 'present')
          .map(describeFinding)
          .join('; ')} (${summary})`,
        500,
      ),
    };
  },
};
