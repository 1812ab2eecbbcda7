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
import { labelsSchema, timeoutSchema } from './validation';
import { pollUntil } from '../kube/poll';
import { waitBudgetMs } from './waitBudget';

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

/**
 * Waits until at least `minReady` pods matching the selector are Ready,
 * polling until the check's timeout instead of judging one snapshot (restored
 * databases often need a while to replay their logs).
 */
export const podStatusCheck: CheckType = {
  type: 'podStatus',
  settings: podStatusSchema,
  async run(check, context) {
    const spec = check.podStatus as PodStatusSettings;
    const core = context.kubeConfig.makeApiClient(k8s.CoreV1Api);
    const selector = labelSelectorString(spec.labelSelector);
    const started = Date.now();
    let pods: k8s.V1Pod[] | undefined;
    let lastError: unknown;
    const summary = () => {
      const ready = (pods ?? []).filter(isPodReady).length;
      return `${ready}/${pods?.length ?? 0} pods ready (min: ${spec.minReady})`;
    };
    const met = await pollUntil(
      async () => {
        try {
          const list = await core.listNamespacedPod({
            namespace: context.sandbox,
            labelSelector: selector || undefined,
          });
          pods = list.items.filter(counts);
          lastError = undefined;
        } catch (e) {
          // A transient API error should not decide the check; the deadline does.
          lastError = e;
          return undefined;
        }
        return pods.filter(isPodReady).length >= spec.minReady
          ? true
          : undefined;
      },
      {
        signal: context.signal,
        deadline: started + waitBudgetMs(context.timeoutMs),
        initialIntervalMs: 250,
      },
    );
    if (met) {
      const note =
        pods!.length === 0
          ? `; no pod matches ${selector || 'the empty selector'}`
          : '';
      return { status: 'pass', message: `${summary()}${note}` };
    }
    const waited = formatDuration(Date.now() - started);
    if (pods === undefined) {
      return {
        status: 'fail',
        message: `could not list pods in ${
          context.sandbox
        } within ${waited}: ${describeError(lastError)}`,
      };
    }
    const worst = worstPod(pods);
    const why = worst
      ? describeNotReady(worst)
      : `only ${pods.length} pod${pods.length === 1 ? '' : 's'} in ${
          context.sandbox
        } match ${selector || 'the empty selector'}`;
    return {
      status: 'fail',
      message: `${summary()} after ${waited}; ${why}`,
    };
  },
};
