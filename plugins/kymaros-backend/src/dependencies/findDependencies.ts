import type { KubeConfig } from '@kubernetes/client-node';
import { type Dependency, detectDependencies } from './detectDependencies';
import { listDependencySources } from './listDependencySources';

/**
 * The cross-namespace references of what was restored, read from each
 * sandbox and attributed to its source. A reference the restore rewrote to
 * a sandbox of this run is named by the source namespace it stands for, so
 * the report speaks of `db.shop-data`, verified in that namespace's sandbox;
 * one that now points at its own sandbox is not a dependency.
 */
export async function findDependencies(
  kubeConfig: KubeConfig,
  sandboxes: Record<string, string>,
): Promise<Dependency[]> {
  const sourceOf = new Map(
    Object.entries(sandboxes).map(([source, sandbox]) => [sandbox, source]),
  );
  const found: Dependency[] = [];
  for (const [source, sandbox] of Object.entries(sandboxes)) {
    const objects = await listDependencySources(kubeConfig, sandbox);
    for (const d of detectDependencies(source, objects)) {
      const namespace = sourceOf.get(d.namespace) ?? d.namespace;
      if (namespace !== source) found.push({ ...d, namespace });
    }
  }
  return found;
}
