import type { BackupProviderFactory } from '@kymaros/plugin-kymaros-node';
import { KubeStashProvider } from './KubeStashProvider';

/**
 * The provider's name in definitions and settings (`kymaros.providers.kubestash`).
 *
 * @public
 */
export const KUBESTASH_PROVIDER_NAME = 'kubestash';

/** Where KubeStash's Helm chart installs its operator unless the settings say otherwise. */
const DEFAULT_OPERATOR_NAMESPACE = 'kubestash';

/**
 * The KubeStash adapter. Its settings (`kymaros.providers.kubestash`, with a
 * cluster's `providers.kubestash` merged over them): `namespace`, where the
 * operator runs; `repositoryNamespace`, where Repositories and Snapshots
 * live when they have a namespace of their own. `pollIntervalMs`: how often
 * a running restore's sessions are read (default 2s).
 *
 * @public
 */
export function createKubeStashProviderFactory(
  options: { pollIntervalMs?: number } = {},
): BackupProviderFactory {
  return {
    name: KUBESTASH_PROVIDER_NAME,
    create: ({ kubeConfig, config, logger }) =>
      new KubeStashProvider({
        kubeConfig,
        logger,
        operatorNamespace:
          config?.getOptionalString('namespace') ?? DEFAULT_OPERATOR_NAMESPACE,
        repositoryNamespace: config?.getOptionalString('repositoryNamespace'),
        pollIntervalMs: options.pollIntervalMs,
      }),
  };
}
