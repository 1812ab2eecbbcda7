import * as k8s from '@kubernetes/client-node';
import type { V1ServicePort } from '@kubernetes/client-node';
import { z } from 'zod';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import { kubeGet, statusMessage } from '../kube/kubeRequest';
import { excerpt } from '../util/text';
import { locateServicePort } from './servicePorts';
import { retriesSchema } from './checkDefinition';
import { serviceNameSchema } from './kubernetesNames';
import { portSchema, timeoutSchema, ValueFreeParams } from './validation';

const httpGetSchema = z
  .object({
    service: serviceNameSchema,
    port: portSchema,
    path: z
      .string({ required_error: 'is required' })
      .regex(/^\/\S*$/, 'must start with / and contain no spaces')
      .superRefine((path, ctx) => {
        const params: ValueFreeParams = {
          expected: 'a path without ".." segments',
        };
        if (climbsUp(path))
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `"${path}" has a ".." segment, which would climb out of the Service's proxy path`,
            params,
          });
      }),
    expectedStatus: z.number().int().min(100).max(599).optional(),
    bodyMatches: z
      .string()
      .refine(isRegExp, 'must be a valid regular expression')
      .optional(),
    scheme: z.enum(['http', 'https']).optional(),
    timeout: timeoutSchema.optional(),
    // Kymaros writes these in the block; they mean what the check's own fields mean.
    retries: retriesSchema.optional(),
  })
  .strict();

type HttpGetSettings = z.infer<typeof httpGetSchema>;

/** A `..` segment (also percent-encoded): URL parsing resolves it against the proxy prefix, not within the app's path. */
function climbsUp(path: string): boolean {
  return path
    .split('?')[0]
    .split('/')
    .some(segment => /^(\.|%2e){2}$/i.test(segment));
}

function isRegExp(source: string): boolean {
  try {
    RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/**
 * The service proxy path: `services/{[https:]name:port}/proxy{path}`, with the
 * port as the Service names it. The colons stay literal, as kubectl sends them.
 */
export function serviceProxyPath(options: {
  namespace: string;
  service: string;
  port: string;
  path: string;
  scheme?: 'http' | 'https';
}): string {
  const scheme = options.scheme === 'https' ? 'https:' : '';
  const target = `${scheme}${encodeURIComponent(
    options.service,
  )}:${encodeURIComponent(options.port)}`;
  return `/api/v1/namespaces/${encodeURIComponent(
    options.namespace,
  )}/services/${target}/proxy${options.path}`;
}

/**
 * GET through the API server's service proxy: it reaches the sandbox from
 * outside the cluster and through its NetworkPolicies, which a request from
 * the backend's own network (what Kymaros does) cannot. Raw request, because
 * the check needs the status and body as the app sent them.
 */
export const httpGetCheck: CheckType = {
  type: 'httpGet',
  settings: httpGetSchema,
  async run(check, context) {
    const spec = check.httpGet as HttpGetSettings;
    const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const target = await locateServicePort(
      core,
      context,
      spec.service,
      spec.port,
    );
    if ('failed' in target) return target.failed;
    const outcome = await get(
      context,
      spec,
      target.where.sandbox,
      target.found.port,
    );
    return { ...outcome, ...target.place };
  },
};

/** The GET itself, against the Service in `namespace`, and its verdict. */
async function get(
  context: CheckContext,
  spec: HttpGetSettings,
  namespace: string,
  port: V1ServicePort,
): Promise<CheckOutcome> {
  const expected = spec.expectedStatus ?? 200;
  const response = await kubeGet(
    context.kubeConfig,
    serviceProxyPath({
      namespace,
      service: spec.service,
      port: port.name || String(port.port),
      path: spec.path,
      scheme: spec.scheme,
    }),
    { signal: context.signal, headers: { Accept: '*/*' } },
  );
  const from = `HTTP ${response.status} from ${spec.path}`;
  // When the API server itself refuses (no endpoints, dial errors) the body is a Status: its message is the reason.
  const body = statusMessage(response.body) ?? response.body;
  if (response.status !== expected) {
    return {
      status: 'fail',
      message: `${from}, expected ${expected}${
        body.trim() ? `: ${excerpt(body)}` : ''
      }`,
    };
  }
  if (spec.bodyMatches && !new RegExp(spec.bodyMatches).test(response.body)) {
    return {
      status: 'fail',
      message: `${from}, but the body does not match /${spec.bodyMatches}/${
        response.truncated ? ' (first 64 KiB read)' : ''
      }: ${excerpt(body)}`,
    };
  }
  return {
    status: 'pass',
    message: `${from}${
      spec.bodyMatches ? `, body matches /${spec.bodyMatches}/` : ''
    }`,
  };
}
