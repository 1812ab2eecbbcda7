import { NotAllowedError } from '@backstage/errors';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';

export interface MappingCheck {
  /** What will be sent as the restore's namespaceMapping. */
  mapping: Record<string, string>;
  /** What will be sent as the restore's includedNamespaces. */
  includedNamespaces: string[];
  /** The test's source namespaces. */
  sources: string[];
  /** Sandboxes this run created, by source namespace. */
  runSandboxes: Record<string, string>;
  /** Labels of each target namespace as read from the cluster just now. */
  liveLabels: Record<string, Record<string, string> | undefined>;
  runId: string;
  /** Namespaces that must never be a restore target (system, provider, Backstage's own). */
  forbidden: string[];
}

/** Every reason the restore could land somewhere other than this run's sandboxes. */
export function mappingViolations(check: MappingCheck): string[] {
  const problems: string[] = [];
  const keys = Object.keys(check.mapping);
  if (keys.length === 0) problems.push('the namespace mapping is empty');
  const included = [...new Set(check.includedNamespaces)];
  if (included.includes('*'))
    problems.push('includedNamespaces must not contain "*"');
  // Backup tools restore an included namespace that is not mapped in place, i.e. into production.
  const unmapped = included.filter(n => !keys.includes(n));
  if (unmapped.length)
    problems.push(
      `included namespaces without a sandbox mapping would be restored in place: ${unmapped.join(
        ', ',
      )}`,
    );
  const notIncluded = keys.filter(k => !included.includes(k));
  if (notIncluded.length)
    problems.push(
      `mapped namespaces missing from includedNamespaces: ${notIncluded.join(
        ', ',
      )}`,
    );
  const foreign = keys.filter(k => !check.sources.includes(k));
  if (foreign.length)
    problems.push(
      `namespaces outside the test's sources: ${foreign.join(', ')}`,
    );
  const targets = Object.values(check.mapping);
  if (new Set(targets).size !== targets.length)
    problems.push('two source namespaces map to the same sandbox');
  for (const [source, target] of Object.entries(check.mapping)) {
    if (check.forbidden.includes(target))
      problems.push(`${source} → ${target}: target is a protected namespace`);
    else if (
      check.sources.includes(target) ||
      (check.sources.includes(source) && target === source)
    )
      problems.push(`${source} → ${target}: target is a source namespace`);
    else if (check.runSandboxes[source] !== target)
      problems.push(
        `${source} → ${target}: target is not the sandbox this run created for ${source}`,
      );
    const labels = check.liveLabels[target];
    if (!labels)
      problems.push(`${source} → ${target}: target namespace does not exist`);
    else if (
      labels[SANDBOX_LABELS.managedBy] !== MANAGED_BY_VALUE ||
      labels[SANDBOX_LABELS.run] !== check.runId
    ) {
      problems.push(
        `${source} → ${target}: target namespace is not labelled as this run's sandbox`,
      );
    }
  }
  return problems;
}

/** Refuses the restore unless every target is a sandbox this run created and nothing restores in place. */
export function assertSafeMapping(check: MappingCheck): void {
  const problems = mappingViolations(check);
  if (problems.length)
    throw new NotAllowedError(
      `Refusing to start the restore: ${problems.join('; ')}`,
    );
}
