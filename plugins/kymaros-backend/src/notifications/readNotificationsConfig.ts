import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readDurationMs } from '../config/configValues';
import { webhookUrlProblem } from './webhookUrl';

/** A webhook URL and signing key given in configuration, by reference name. */
export interface ConfiguredSecret {
  url: string;
  signingSecret?: string;
}

export interface NotificationsConfig {
  enabled: boolean;
  /** `kymaros.notifications.secrets`: looked up before any Kubernetes Secret. */
  secrets: ReadonlyMap<string, ConfiguredSecret>;
  /** Signs webhook bodies whose reference gives no key of its own. */
  signingSecret?: string;
  /** Whether references may be read from Kubernetes Secrets at all. */
  clusterSecrets: boolean;
  /** Where Secrets are read for a test without `metadata.namespace`. */
  secretNamespace: string;
  /**
   * The only namespaces Secrets are read in: a file's author picks its
   * `metadata.namespace`, the platform decides which namespaces that may be.
   */
  secretNamespaces: string[];
  /** Per attempt. */
  timeoutMs: number;
  /** Attempts after the first, on network errors, timeouts, 5xx and 429. */
  retries: number;
  /** The longest `Retry-After` honoured; a longer one is waited this long. */
  retryAfterLimitMs: number;
  /** Messages being delivered at once, across every test. */
  concurrency: number;
  /** The app's address and the path of an entity's Restore tab in it; no link without `app.baseUrl`. */
  link?: { baseUrl: string; entityPath: string };
}

/** Where the app routes an entity's Restore tab, unless `kymaros.notifications.entityPath` says otherwise. */
export const DEFAULT_ENTITY_PATH = '/catalog/{namespace}/{kind}/{name}/kymaros';

function wholeNumber(
  config: Config | undefined,
  key: string,
  fallback: number,
  [min, max]: [number, number],
): number {
  const value = config?.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < min || value > max)
    throw new InputError(
      `kymaros.notifications.${key}: must be a whole number from ${min} to ${max}`,
    );
  return value;
}

/** `kymaros.notifications.secrets`; a URL that could never be sent to stops start-up with its key named (never its value). */
function readSecrets(
  notifications: Config | undefined,
): Map<string, ConfiguredSecret> {
  const secrets = new Map<string, ConfiguredSecret>();
  const section = notifications?.getOptionalConfig('secrets');
  for (const name of section?.keys() ?? []) {
    const entry = section!.getConfig(name);
    const url = entry.getString('url');
    const problem = webhookUrlProblem(url);
    if (problem)
      throw new InputError(
        `kymaros.notifications.secrets.${name}.url: ${problem}`,
      );
    secrets.set(name, {
      url,
      signingSecret: entry.getOptionalString('signingSecret'),
    });
  }
  return secrets;
}

/** The default Secret namespace, and every namespace Secrets may be read in (it included). */
function secretNamespaces(notifications: Config | undefined) {
  const secretNamespace =
    notifications?.getOptionalString('secretNamespace') ?? 'kymaros-system';
  const listed =
    notifications?.getOptionalStringArray('secretNamespaces') ?? [];
  return {
    secretNamespace,
    secretNamespaces: [...new Set([secretNamespace, ...listed])],
  };
}

/** Reads `kymaros.notifications` (and `app.baseUrl` for links) with the defaults. */
export function readNotificationsConfig(root: Config): NotificationsConfig {
  const kymaros = root.getOptionalConfig('kymaros');
  const notifications = kymaros?.getOptionalConfig('notifications');
  const baseUrl = root.getOptionalString('app.baseUrl');
  return {
    enabled: notifications?.getOptionalBoolean('enabled') ?? true,
    secrets: readSecrets(notifications),
    signingSecret: notifications?.getOptionalString('signingSecret'),
    clusterSecrets: notifications?.getOptionalBoolean('clusterSecrets') ?? true,
    ...secretNamespaces(notifications),
    timeoutMs: readDurationMs(kymaros, 'notifications.timeout', '10s'),
    retries: wholeNumber(notifications, 'retries', 3, [0, 10]),
    retryAfterLimitMs: readDurationMs(
      kymaros,
      'notifications.retryAfterLimit',
      '1m',
    ),
    concurrency: wholeNumber(notifications, 'concurrency', 4, [1, 64]),
    link: baseUrl
      ? {
          baseUrl: baseUrl.replace(/\/+$/, ''),
          entityPath:
            notifications?.getOptionalString('entityPath') ??
            DEFAULT_ENTITY_PATH,
        }
      : undefined,
  };
}
