import * as k8s from '@kubernetes/client-node';
import type { SandboxRestorePlan } from '../../fidelity/planSandboxRestore';
import { describeError } from '../../util/errors';
import type { RunContext } from '../RunContext';

type SecretRewrite = SandboxRestorePlan['secretRewrites'][number];

/**
 * Rewrites, in the sandboxes, the Secret values that reference a namespace
 * restored in this run. Done here rather than by the provider so secret
 * values are never copied into the provider's objects (a ConfigMap); pods
 * that started with the old values are deleted once so their controllers
 * start them again with the new ones. Values are never logged.
 */
export async function rewriteSecrets(
  run: RunContext,
  rewrites: SecretRewrite[],
  mapping: Record<string, string>,
): Promise<void> {
  if (!rewrites.length) return;
  const core = run.kubeConfig.makeApiClient(k8s.CoreV1Api);
  await run.step('secret rewrites', run.deps.timeoutsMs.sandbox, async () => {
    for (const rewrite of rewrites) {
      const namespace = mapping[rewrite.namespace];
      if (!namespace) continue;
      try {
        await core.patchNamespacedSecret(
          { name: rewrite.name, namespace, body: { data: rewrite.data } },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
        await restartConsumers(core, namespace, rewrite.name);
      } catch (e) {
        run.recorder.problem(
          `Secret ${rewrite.namespace}/${
            rewrite.name
          } could not be rewritten in sandbox ${namespace}: ${describeError(
            e,
          )}`,
        );
      }
    }
  });
}

/** Deletes the controller-owned pods that read the Secret; bare pods are left (nothing would start them again). */
async function restartConsumers(
  core: k8s.CoreV1Api,
  namespace: string,
  secret: string,
): Promise<void> {
  const pods = await core.listNamespacedPod({ namespace });
  for (const pod of pods.items) {
    const owned = pod.metadata?.ownerReferences?.some(o => o.controller);
    if (!owned || !readsSecret(pod.spec, secret)) continue;
    await core
      .deleteNamespacedPod({
        name: pod.metadata!.name!,
        namespace,
        body: { preconditions: { uid: pod.metadata!.uid } },
      })
      .catch(e => {
        if (!(e instanceof k8s.ApiException && e.code === 404)) throw e;
      });
  }
}

/** Whether a pod reads the Secret through env, envFrom or a volume. */
export function readsSecret(
  spec: k8s.V1PodSpec | undefined,
  secret: string,
): boolean {
  const containers = [
    ...(spec?.containers ?? []),
    ...(spec?.initContainers ?? []),
  ];
  const byEnv = containers.some(
    c =>
      c.env?.some(e => e.valueFrom?.secretKeyRef?.name === secret) ||
      c.envFrom?.some(e => e.secretRef?.name === secret),
  );
  const byVolume = (spec?.volumes ?? []).some(
    v =>
      v.secret?.secretName === secret ||
      v.projected?.sources?.some(s => s.secret?.name === secret),
  );
  return byEnv || byVolume;
}
