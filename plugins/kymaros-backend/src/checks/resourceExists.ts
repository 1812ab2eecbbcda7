import { z } from 'zod';
import type { CheckContext, CheckType } from '@kymaros/plugin-kymaros-node';
import { Discovery, objectPath } from '../kube/discovery';
import { objectExists } from './objectExists';
import { apiVersionSchema, objectNameSchema } from './kubernetesNames';
import { describeError } from '../util/errors';
import { excerpt } from '../util/text';
import {
  SearchedSandbox,
  describeSandboxes,
  findInSandboxes,
  outcomeNamespaces,
  searchedSandboxes,
} from './sandboxSearch';

const resourceExistsSchema = z
  .object({
    resources: z
      .array(
        z
          .object({
            kind: z
              .string({ required_error: 'is required' })
              .min(1, 'is required'),
            name: objectNameSchema,
            apiVersion: apiVersionSchema.optional(),
          })
          .strict(),
        { required_error: 'is required' },
      )
      .min(1, 'must list at least one resource'),
  })
  .strict();

type ResourceExistsSettings = z.infer<typeof resourceExistsSchema>;

type Finding =
  | { state: 'present'; label: string; where: SearchedSandbox[] }
  | { state: 'missing'; label: string }
  | { state: 'unknown'; label: string }
  | { state: 'error'; label: string; reason: string };

function describeFinding(f: Finding, several: boolean): string {
  switch (f.state) {
    case 'missing':
      return `${f.label} missing`;
    case 'unknown':
      return `kind ${f.label} unknown to the cluster`;
    case 'error':
      return `${f.label}: ${f.reason}`;
    default:
      return several && f.where.length
        ? `${f.label} (${f.where.map(w => w.source).join(', ')})`
        : f.label;
  }
}

/** Where one listed object exists: in each sandbox that has it (a cluster-scoped one once). */
async function find(
  context: CheckContext,
  discovery: Discovery,
  r: ResourceExistsSettings['resources'][number],
): Promise<Finding> {
  const resource = await discovery.resolve(r.kind, r.apiVersion);
  if (!resource) {
    return {
      state: 'unknown',
      label: r.apiVersion ? `${r.kind} (${r.apiVersion})` : r.kind,
    };
  }
  const label = `${resource.kind}/${r.name}`;
  try {
    if (!resource.namespaced) {
      const found = await objectExists(
        context.kubeConfig,
        objectPath(resource, '', r.name),
        context.signal,
      );
      return found
        ? { state: 'present', label, where: [] }
        : { state: 'missing', label };
    }
    const hits = await findInSandboxes(context, where =>
      objectExists(
        context.kubeConfig,
        objectPath(resource, where.sandbox, r.name),
        context.signal,
      ),
    );
    return hits.length
      ? { state: 'present', label, where: hits.map(h => h.where) }
      : { state: 'missing', label };
  } catch (e) {
    if (context.signal.aborted) throw e;
    return { state: 'error', label, reason: describeError(e) };
  }
}

/**
 * Checks that named objects of any kind exist in the sandbox, custom
 * resources included: kinds are resolved through discovery, so an operator's
 * CRs (a restored `Certificate`, a `PostgresCluster`) can be checked like a
 * Secret. A check without namespace finds each object in whichever sandboxes
 * have it: present in several is still present, and each is named with the
 * namespaces it was found in.
 */
export const resourceExistsCheck: CheckType = {
  type: 'resourceExists',
  settings: resourceExistsSchema,
  async run(check, context) {
    const discovery = new Discovery(context.kubeConfig, context.signal);
    const searched = searchedSandboxes(context);
    const several = searched.length > 1;
    const findings = await Promise.all(
      (check.resourceExists as ResourceExistsSettings).resources.map(r =>
        find(context, discovery, r),
      ),
    ).catch(e => {
      if (context.signal.aborted) throw e;
      return describeError(e);
    });
    if (typeof findings === 'string') {
      return { status: 'fail', message: findings };
    }
    const present = findings.filter(f => f.state === 'present');
    const used = searched.filter(s =>
      present.some(
        f => f.state === 'present' && f.where.some(w => w.source === s.source),
      ),
    );
    const place = outcomeNamespaces(searched, used.length ? used : searched);
    const summary = `${present.length}/${findings.length} present`;
    if (present.length === findings.length) {
      return {
        status: 'pass',
        message: excerpt(
          `${summary}: ${present
            .map(f => describeFinding(f, several))
            .join(', ')}`,
          300,
        ),
        ...place,
      };
    }
    const searchedText = several
      ? `; searched ${describeSandboxes(searched)}`
      : '';
    return {
      status: 'fail',
      message: excerpt(
        `${findings
          .filter(f => f.state !== 'present')
          .map(f => describeFinding(f, several))
          .join('; ')} (${summary}${searchedText})`,
        500,
      ),
      ...place,
    };
  },
};
