import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import { KastenProvider } from './KastenProvider';

/**
 * The provider's name in definitions and settings (`kymaros.providers.kasten`).
 *
 * @public
 */
export const KASTEN_PROVIDER_NAME = 'kasten';

/** Where K10 is installed unless `providers.kasten.namespace` says otherwise (K10's documented default). */
const DEFAULT_NAMESPACE = 'kasten-io';

/**
 * Kasten K10 restores. Settings (`kymaros.providers.kasten`, with a
 * cluster's `providers.kasten` merged over them): `namespace`, K10's
 * namespace; `preferExported`, restore from exported copies (default true).
 *
 * @public
 */
export function createKastenProviderFactory(
  options: { pollIntervalMs?: number } = {},
): BackupProviderFactory {
  return {
    name: KASTEN_PROVIDER_NAME,
    create: ({ kubeConfig, config, logger }) =>
      new KastenProvider({
        kubeConfig,
        logger,
        namespace: config?.getOptionalString('namespace') ?? DEFAULT_NAMESPACE,
        preferExported: config?.getOptionalBoolean('preferExported') ?? true,
        pollIntervalMs: options.pollIntervalMs,
      }),
  };
}
