import * as k8s from '@kubernetes/client-node';
import { isPodReady, labelSelectorString } from '../kube/podState';
import { Dependency, dependencyName } from './detectDependencies';

export interface DependencyVerdict {
  dependency: Dependency;
  satisfied: boolean;
  /** Why, in words: "restored in storefront-data's sandbox, 1 ready endpoint", "external, not reachable". */
  reason: string;
}

/**
 * A dependency on a namespace of the same test is satisfied when that
 * namespace's sandbox has the Service with ready pods behind it; a dependency
 * outside the test is satisfied when the Service exists there and has ready
 * pods (read-only: nothing outside the sandboxes is touched).
 */
export async function verifyDependencies(
  kc: k8s.KubeConfig,
  deps: Dependency[],
  sandboxes: Record<string, string>,
): Promise<DependencyVerdict[]> {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const verdicts: DependencyVerdict[] = [];
  const cache = new Map<string, { exists: boolean; ready: number }>();
  const probe = async (namespace: string, service: string) => {
    const key = `${namespace}/${service}`;
    if (cache.has(key)) return cache.get(key)!;
    let state = { exists: false, ready: 0 };
    try {
      const svc = await core.readNamespacedService({
        namespace,
        name: service,
      });
      const selector = labelSelectorString(svc.spec?.selector);
      const pods = selector
        ? (await core.listNamespacedPod({ namespace, labelSelector: selector }))
            .items
        : [];
      state = {
        exists: true,
        ready:
          svc.spec?.type === 'ExternalName'
            ? 1
            : pods.filter(isPodReady).length,
      };
    } catch (e) {
      if (
        !(e instanceof k8s.ApiException && (e.code === 404 || e.code === 403))
      )
        throw e;
    }
    cache.set(key, state);
    return state;
  };
  for (const d of deps) {
    const sandbox = sandboxes[d.namespace];
    const target = sandbox ?? d.namespace;
    const state = await probe(target, d.service);
    const where = sandbox
      ? `restored in the sandbox of ${d.namespace}`
      : `external (${d.namespace} is not part of this test)`;
    let reason: string;
    if (!state.exists)
      reason = `${where}: service ${dependencyName(d)} not found`;
    else if (state.ready === 0)
      reason = `${where}: service ${dependencyName(d)} has no ready pods`;
    else
      reason = `${where}: ${state.ready} ready pod${
        state.ready === 1 ? '' : 's'
      } behind ${d.service}`;
    verdicts.push({
      dependency: d,
      satisfied: state.exists && state.ready > 0,
      reason,
    });
  }
  return verdicts;
}
