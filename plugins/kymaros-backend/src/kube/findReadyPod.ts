import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import { describeNotReady, firstReadyPod, worstPod } from './podState';

/**
 * A Running and Ready pod matching the selector, or why there is none:
 * `notReady` describes the pod furthest from ready (empty when no pod matches),
 * ready to append to a message.
 */
export async function findReadyPod(
  core: CoreV1Api,
  namespace: string,
  labelSelector: string | undefined,
): Promise<{ pod: V1Pod } | { pod?: undefined; notReady: string }> {
  const pods = (await core.listNamespacedPod({ namespace, labelSelector }))
    .items;
  const pod = firstReadyPod(pods);
  if (pod) return { pod };
  const worst = worstPod(pods);
  return { notReady: worst ? `; ${describeNotReady(worst)}` : '' };
}
