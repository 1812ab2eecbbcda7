import * as k8s from '@kubernetes/client-node';
import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import { presenceKey } from './compareCompleteness';

/**
 * Which of the expected objects exist in the sandboxes: one list per
 * (apiVersion, kind, sandbox) through KubernetesObjectApi, which resolves any
 * kind, custom resources included, by discovery.
 */
export async function listSandboxObjects(
  kubeConfig: k8s.KubeConfig,
  expected: BackupItem[],
  sandboxOf: (source: string) => string,
): Promise<Set<string>> {
  const objects = k8s.KubernetesObjectApi.makeApiClient(kubeConfig);
  const present = new Set<string>();
  const seen = new Set<string>();
  for (const item of expected) {
    const sandbox = sandboxOf(item.namespace!);
    const key = `${item.apiVersion}|${item.kind}|${sandbox}`;
    if (seen.has(key)) continue;
    seen.add(key);
    try {
      const list = await objects.list(item.apiVersion, item.kind, sandbox);
      for (const object of list.items)
        present.add(
          presenceKey(
            item.apiVersion,
            item.kind,
            sandbox,
            object.metadata!.name!,
          ),
        );
    } catch (e) {
      // A kind the cluster no longer serves (its CRD is gone) has nothing restored.
      if (
        !(e instanceof k8s.ApiException && e.code === 404) &&
        !/Unrecognized API version and kind/.test(String(e))
      )
        throw e;
    }
  }
  return present;
}
