import type * as k8s from '@kubernetes/client-node';

/** What the sandboxes' Secrets hold, to redact it from evidence. */
export interface SandboxSecrets {
  /** The decoded values. */
  values: string[];
  /**
   * Names of the pods' env vars whose values come from Secrets
   * (`secretKeyRef`, and each key of an `envFrom` Secret with its prefix).
   */
  envNames(pods: k8s.V1Pod[]): string[];
}

/** Reads the Secrets of the sandboxes; rejects when they cannot be read. */
export async function secretsOf(
  core: k8s.CoreV1Api,
  namespaces: string[],
): Promise<SandboxSecrets> {
  const lists = await Promise.all(
    namespaces.map(async namespace => ({
      namespace,
      items: (await core.listNamespacedSecret({ namespace })).items,
    })),
  );
  const keys = new Map<string, string[]>();
  const values: string[] = [];
  for (const { namespace, items } of lists)
    for (const secret of items) {
      const data = {
        ...Object.fromEntries(
          Object.entries(secret.data ?? {}).map(([k, v]) => [
            k,
            Buffer.from(v, 'base64').toString('utf8'),
          ]),
        ),
        ...(secret.stringData ?? {}),
      };
      keys.set(`${namespace}/${secret.metadata?.name}`, Object.keys(data));
      values.push(...Object.values(data));
    }
  return {
    values,
    envNames: pods =>
      pods.flatMap(pod =>
        [
          ...(pod.spec?.initContainers ?? []),
          ...(pod.spec?.containers ?? []),
        ].flatMap(c => [
          ...(c.env ?? [])
            .filter(e => e.valueFrom?.secretKeyRef)
            .map(e => e.name),
          ...(c.envFrom ?? [])
            .filter(e => e.secretRef?.name)
            .flatMap(e =>
              (
                keys.get(`${pod.metadata?.namespace}/${e.secretRef!.name}`) ??
                []
              ).map(k => `${e.prefix ?? ''}${k}`),
            ),
        ]),
      ),
  };
}
