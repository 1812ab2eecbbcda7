import type { KubeConfig } from '@kubernetes/client-node';
import { type Dependency, detectDependencies } from './detectDependencies';
import { listDependencySources } from './listDependencySources';

/** The cross-namespace references of what was restored, read from each sandbox and attributed to its source. */
export async function findDependencies(
  kubeConfig: KubeConfig,
  sandboxes: Record<string, string>,
): Promise<Dependency[]> {
  const found: Dependency[] = [];
  for (const [source, sandbox] of Object.entries(sandboxes))
    found.push(
      ...detectDependencies(
        source,
        await listDependencySources(kubeConfig, sandbox),
      ),
    );
  return found;
}
