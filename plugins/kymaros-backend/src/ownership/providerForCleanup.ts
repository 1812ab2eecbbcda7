import type { KubeConfig } from '@kubernetes/client-node';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { ProviderFactory } from '../providers/ProviderFactory';
import { WriteGuard } from '../sandbox/WriteGuard';
import type { VerifiedSandbox } from './cleanupRecorded';

/**
 * Providers for cleaning up after runs that are over (the reaper): each may
 * write its own objects and, for providers whose restore objects live in
 * sandboxes, in the run's sandboxes verified by uid — in no other namespace.
 */
export function providerForCleanup(
  factory: ProviderFactory,
  cluster: string,
  kubeConfig: KubeConfig,
): (name: string, sandboxes: VerifiedSandbox[]) => BackupProvider {
  return (name, sandboxes) => {
    const guard = new WriteGuard();
    sandboxes.forEach(sandbox => guard.allowSandbox(sandbox.name, sandbox.uid));
    return factory.create(name, cluster, kubeConfig, guard);
  };
}
