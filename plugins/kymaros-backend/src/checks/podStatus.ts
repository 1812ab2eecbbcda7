import * as k8s from '@kubernetes/client-node';
import { z } from 'zod';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { formatDuration } from '@kymaros/plugin-kymaros-common';
import { describeError } from '../util/errors';
import {
  describeNotReady,
  isPodReady,
  labelSelectorString,
  worstPod,
} from '../kube/podState';
import { CHECK_LABEL } from './jobCheck';
import { timeoutSchema } from './validation';
import { labelsSchema } from './kubernetesNames';
import { pollUntil } from '../kube/poll';
import { waitBudgetMs } from './waitBudget';
import {
  SearchedSandbox,
  describeSandboxes,
  lookupGraceMs,
  notFound,
  outcomeNamespaces,
  searchedSandboxes,
} from './sandboxSearch';

const podStatusSchema = z
  .object({
    labelSelector: labelsSchema.optional(),
    minReady: z.number({ required_error: 'is required' }).int().min(0),
    timeout: timeoutSchema.optional(),
  })
  .strict();

type PodStatusSettings = z.infer<typeof podStatusSchema>;

/** Pods that say something about the app: not our own check Jobs, not Job pods that finish by design. */
function counts(pod: k8s.V1Pod): boolean {
  return (
    !pod.metadata?.labels?.[CHECK_LABEL] &&
    !(pod.metadata?.ownerReferences ?? []).some(owner => owner.kind === 'Job')
  );
}

/** Each searched sandbox's pods that match the selector and count. */
type Listing = { where: SearchedSandbox; pods: k8s.V1Pod[] }[];

async function listMatching(
  core: k8s.CoreV1Api,
  searched: SearchedSandbox[],
  selector: string,
): Promise<Listing> {
  return Promise.all(
    searched.map(async where => ({
      where,
      pods: (
        await core.listNamespacedPod({
          namespace: where.sandbox,
          labelSelector: selector || undefined,
        })
      ).items.filter(counts),
    })),
  );
}

/** Why too few pods are Ready: the worst pod, no pod at all, or too few pods. */
function shortfall(
  listing: Listing,
  searched: SearchedSandbox[],
  shownSelector: string,
): string {
  const pods = listing.flatMap(l => l.pods);
  const worst = worstPod(pods);
  if (worst) return describeNotReady(worst);
  if (pods.length === 0)
    return notFound(`pods matching ${shownSelector}`, searched);
  const where = listing.filter(l => l.pods.length).map(l => l.where);
  return `only ${pods.length} pod${
    pods.length === 1 ? '' : 's'
  } in ${describeSandboxes(where)} match ${shownSelector}`;
}

/**
 * Waits until at least `minReady` pods matching the selector are Ready,
 * polling until the check's timeout instead of judging one snapshot (restored
 * databases often need a while to replay their logs). A check without
 * namespace counts the matching pods of every sandbox; when no pod matches
 * anywhere, it stops after the lookup grace instead of the whole timeout.
 */
export const podStatusCheck: CheckType = {
  type: 'podStatus',
  settings: podStatusSchema,
  async run(check, context) {
    const spec = check.podStatus as PodStatusSettings;
    const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const selector = labelSelectorString(spec.labelSelector);
    const shownSelector = selector || 'the empty selector';
    const searched = searchedSandboxes(context);
    const started = Date.now();
    const graceEnds = started + lookupGraceMs(context.timeoutMs);
    let listing: Listing | undefined;
    let lastError: unknown;
    const all = () => (listing ?? []).flatMap(l => l.pods);
    const ready = () => all().filter(isPodReady).length;
    const met = await pollUntil(
      async () => {
        try {
          listing = await listMatching(core, searched, selector);
          lastError = undefined;
        } catch (e) {
          // A transient API error should not decide the check; the deadline does.
          lastError = e;
          return undefined;
        }
        if (ready() >= spec.minReady) return 'met';
        return all().length === 0 && Date.now() >= graceEnds
          ? 'none'
          : undefined;
      },
      {
        signal: context.signal,
        deadline: started + waitBudgetMs(context.timeoutMs),
        initialIntervalMs: 250,
      },
    );
    const matching = (listing ?? []).filter(l => l.pods.length > 0);
    const place = outcomeNamespaces(
      searched,
      matching.length ? matching.map(l => l.where) : searched,
    );
    const summary = `${ready()}/${all().length} pods ready (min: ${
      spec.minReady
    })`;
    if (met === 'met') {
      const note = all().length ? '' : `; no pod matches ${shownSelector}`;
      return { status: 'pass', message: `${summary}${note}`, ...place };
    }
    const waited = formatDuration(Date.now() - started);
    if (listing === undefined) {
      return {
        status: 'fail',
        message: `could not list pods in ${describeSandboxes(
          searched,
        )} within ${waited}: ${describeError(lastError)}`,
        ...place,
      };
    }
    return {
      status: 'fail',
      message: `${summary} after ${waited}; ${shortfall(
        listing,
        searched,
        shownSelector,
      )}`,
      ...place,
    };
  },
};
