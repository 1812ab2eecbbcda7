/** `podsReady` → `Pods ready`, `cross-namespace` → `Cross namespace`. */
export function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const STEP_LABELS: Record<string, string> = {
  sandbox: 'Creating sandbox namespaces',
  sandboxes: 'Creating sandbox namespaces',
  backup: 'Picking the backup',
  'backup contents': 'Reading the backup contents',
  restore: 'Restoring the backup',
  pods: 'Waiting for pods to become ready',
  podsReady: 'Waiting for pods to become ready',
  completeness: 'Checking completeness',
  checks: 'Running health checks',
  healthChecks: 'Running health checks',
  crossNamespace: 'Checking cross-namespace dependencies',
  crossNamespaceDeps: 'Checking cross-namespace dependencies',
  dependencies: 'Checking cross-namespace dependencies',
  score: 'Scoring',
  evidence: 'Keeping logs and events',
  cleanup: 'Deleting the sandboxes',
  report: 'Writing the report',
};

/** The step a running test is in, in words. */
export function stepLabel(step: string | undefined): string {
  if (!step) return 'Starting';
  return STEP_LABELS[step] ?? humanize(step);
}
