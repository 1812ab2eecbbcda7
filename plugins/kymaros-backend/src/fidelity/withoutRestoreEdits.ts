import type { SandboxTransformation } from '@kymaros/plugin-kymaros-common';
import type { SandboxRestorePlan } from './planSandboxRestore';

/** The report entry of a Service closed to ClusterIP (by the tool's edit). */
const closesService = (t: SandboxTransformation) =>
  /^type .* → ClusterIP$/.test(t.change);

const WHY = 'the backup tool cannot change objects as it restores them';

/** How each change the tool would have made is reached without it. */
function insteadOf(
  t: SandboxTransformation,
): SandboxTransformation | undefined {
  if (t.change === 'suspended' || t.change === 'suspended, not re-run')
    return {
      ...t,
      change: 'not restored',
      notTested: `${t.notTested} (${WHY}, so it is left out rather than restored running)`,
    };
  if (closesService(t))
    return {
      ...t,
      change:
        'refused by the sandbox, which allows no load balancer or node port',
      notTested: `${t.notTested}, and the Service itself (${WHY})`,
    };
  if (t.change === 'service-account token data dropped')
    return { ...t, change: 'token data removed as soon as it was restored' };
  if (t.change === 'externalIPs removed')
    return { ...t, change: 'externalIPs removed as soon as it was restored' };
  return undefined;
}

/** Entries the tool's own behaviour makes untrue: claims it cannot unbind are not on new volumes. */
const untrueWithoutEdits = (t: SandboxTransformation) =>
  t.change.startsWith('restored on new volume') ||
  t.change === 'restored on a new volume';

/**
 * The plan for a backup tool that restores objects exactly as they were
 * backed up (`appliesEdits: false`). It gets no edits; instead the kinds it
 * would have suspended are left out, exposed Services are refused by the
 * sandbox's exposure quota, token data and external IPs are removed by the
 * engine as soon as they appear, and references it would have rewritten
 * keep pointing at their source namespaces, where the sandbox's network
 * isolation blocks them. Secrets are rewritten by the engine either way.
 */
export function withoutRestoreEdits(
  plan: SandboxRestorePlan,
  runJobs: boolean,
): SandboxRestorePlan {
  const left = ['cronjobs.batch', ...(runJobs ? [] : ['jobs.batch'])];
  const claims = plan.transforms.edits.some(
    e => e.resource === 'persistentvolumeclaims',
  )
    ? ['persistentvolumeclaims']
    : [];
  const notRewritten = plan.fidelity.rewrites.map(r => ({
    subject: r.object,
    change: `${r.field} not rewritten`,
    notTested: `its calls to ${r.from}, which still name the source namespace (${WHY})`,
  }));
  // A Service the sandbox refuses has no external IPs to remove.
  const refused = new Set(
    plan.fidelity.transformations.filter(closesService).map(t => t.subject),
  );
  // A claim restored as it was names the source's volume, and could bind it if that volume is free.
  const claimEdits = plan.transforms.edits.filter(
    e => e.resource === 'persistentvolumeclaims',
  );
  const boundClaims = claimEdits.map(e => ({
    subject: e.name
      ? `PersistentVolumeClaim ${e.namespace}/${e.name}`
      : `Claims of ${e.namespace}`,
    change: 'not restored',
    notTested: `its data and the workloads that mount it: restored as it was, it would name the source's volume (${WHY})`,
  }));
  return {
    ...plan,
    transforms: {
      excludedResources: [
        ...new Set([...plan.transforms.excludedResources, ...left, ...claims]),
      ],
      edits: [],
    },
    fidelity: {
      ...plan.fidelity,
      rewrites: [],
      transformations: [
        ...plan.fidelity.transformations
          .filter(t => !untrueWithoutEdits(t))
          .filter(
            t =>
              !(t.change === 'externalIPs removed' && refused.has(t.subject)),
          )
          .map(t => insteadOf(t) ?? t),
        ...notRewritten,
        ...boundClaims,
      ],
    },
  };
}
