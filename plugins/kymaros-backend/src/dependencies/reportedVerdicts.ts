import type { DependencyFacts } from '../scoring/levels';
import { dependencyName } from './detectDependencies';
import type { DependencyVerdict } from './verifyDependencies';

/**
 * Verdicts as the report names them, `service.namespace (where)`, each name
 * once: two source namespaces can hold a same-named object with the same
 * reference, and the level must not count it twice.
 */
export function reportedVerdicts(
  verdicts: DependencyVerdict[],
): DependencyFacts['verdicts'] {
  const seen = new Set<string>();
  return verdicts
    .map(verdict => ({
      name: `${dependencyName(verdict.dependency)} (${
        verdict.dependency.where
      })`,
      satisfied: verdict.satisfied,
      reason: verdict.reason,
    }))
    .filter(verdict =>
      seen.has(verdict.name) ? false : (seen.add(verdict.name), true),
    );
}
