import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { NotificationsConfig } from './readNotificationsConfig';
import { webhookUrlProblem } from './webhookUrl';

/** Keys of a Secret holding the URL, in the order Kymaros reads them. */
export const URL_KEYS = ['url', 'webhook-url'] as const;
/** Key of a Secret holding the key webhook bodies are signed with. */
export const SIGNING_KEY = 'signing-secret';

/** Reads a Kubernetes Secret's data, decoded; undefined when it does not exist. */
export interface SecretReader {
  read(
    cluster: string,
    namespace: string,
    name: string,
  ): Promise<Record<string, string> | undefined>;
}

export interface ResolvedWebhook {
  url: string;
  signingSecret?: string;
  /** Where it was found, for messages (never the value). */
  source: string;
}

/** Where a test's references are looked up in its cluster. */
export interface ReferenceScope {
  cluster: string;
  /** The RestoreTest's `metadata.namespace`, when its file gave one. */
  namespace?: string;
}

/**
 * A `webhookSecretRef` to the URL it names: the
 * `kymaros.notifications.secrets` entry of that name, else the Secret of
 * that name in the test's namespace (its `metadata.namespace`, else
 * `kymaros.notifications.secretNamespace`; only in the namespaces
 * `kymaros.notifications.secretNamespaces` allows) of the test's cluster, read
 * fresh every time. Errors name the reference and where it was looked for,
 * never a value.
 */
export async function resolveWebhook(
  ref: string,
  scope: ReferenceScope,
  config: NotificationsConfig,
  secrets: SecretReader | undefined,
): Promise<ResolvedWebhook> {
  const configured = config.secrets.get(ref);
  if (configured)
    return {
      url: configured.url,
      signingSecret: configured.signingSecret ?? config.signingSecret,
      source: `kymaros.notifications.secrets.${ref}`,
    };
  const namespace = scope.namespace ?? config.secretNamespace;
  const where = `Secret "${ref}" in namespace "${namespace}" of cluster "${scope.cluster}"`;
  if (!secrets || !config.clusterSecrets)
    throw new NotFoundError(
      `webhookSecretRef "${ref}": no kymaros.notifications.secrets entry of that name${
        config.clusterSecrets
          ? ''
          : ' (Kubernetes Secrets are not read: kymaros.notifications.clusterSecrets is false)'
      }`,
    );
  if (!config.secretNamespaces.includes(namespace))
    throw new NotAllowedError(
      `webhookSecretRef "${ref}": Secrets are not read in namespace "${namespace}" (the test's metadata.namespace); kymaros.notifications.secretNamespaces allows ${config.secretNamespaces
        .map(n => `"${n}"`)
        .join(', ')}`,
    );
  const data = await secrets.read(scope.cluster, namespace, ref);
  if (!data)
    throw new NotFoundError(
      `webhookSecretRef "${ref}": no kymaros.notifications.secrets entry and no ${where}`,
    );
  const key = URL_KEYS.find(k => data[k]?.trim());
  if (!key)
    throw new InputError(
      `webhookSecretRef "${ref}": ${where} has no ${URL_KEYS.map(
        k => `"${k}"`,
      ).join(' or ')} key`,
    );
  const url = data[key].trim();
  const problem = webhookUrlProblem(url);
  if (problem)
    throw new InputError(
      `webhookSecretRef "${ref}": the "${key}" of ${where} ${problem}`,
    );
  return {
    url,
    signingSecret: data[SIGNING_KEY] || config.signingSecret,
    source: where,
  };
}
