/**
 * The run steps the backend is killed in, in run order. `step` matches the test's `status.step`
 * (GET /api/kymaros/tests) at the moment of the kill; `holds` says what the run must have created
 * by then, so each phase proves the reaper removed something real. The scenario makes restores,
 * pod starts and the data check take 4s each; sandbox creation and cleanup are held open with a
 * latency fault that ends in an error, so the dead backend's request never completes.
 */
export const PHASES = [
  {
    name: 'queued',
    description:
      'waiting for a free cluster slot while the other test holds it',
    step: /^waiting for a free slot/,
    holds: { sandboxes: false, restore: false },
  },
  {
    name: 'sandbox',
    description: 'creating the sandbox namespaces',
    step: /^sandbox$/,
    holds: { sandboxes: true, restore: false },
    fault: {
      path: '^/apis/networking.k8s.io/v1/namespaces/[^/]+/networkpolicies$',
      method: 'POST',
      latencyMs: 60_000,
      status: 503,
      times: 1,
    },
  },
  {
    name: 'restore',
    description: 'the Velero Restore in progress',
    step: /^restore: InProgress/,
    holds: { sandboxes: true, restore: true },
  },
  {
    name: 'pods',
    description: 'waiting for the restored pods',
    step: /^pods$/,
    holds: { sandboxes: true, restore: true },
  },
  {
    name: 'checks',
    description: 'running the health checks',
    step: /^checks$/,
    holds: { sandboxes: true, restore: true },
  },
  {
    name: 'cleanup',
    description: 'deleting the Restore and the sandboxes',
    step: /^cleanup$/,
    holds: { sandboxes: true, restore: true },
    fault: {
      path: '^/apis/velero.io/v1/namespaces/velero/restores/kymaros-',
      method: 'DELETE',
      latencyMs: 60_000,
      status: 503,
      times: 1,
    },
  },
];

/** The PostgreSQL part's name in CRASH_PHASES. */
export const REPLICAS = 'replicas';

/** The Kasten case's name in CRASH_PHASES (its own simulator and backend, see kastenSection.mjs). */
export const KASTEN = 'kasten';

/**
 * CRASH_PHASES=pods,checks runs a subset (for working on one phase; `replicas` is the PostgreSQL
 * part, `kasten` the Kasten case); the default is everything.
 */
export function selectedPhases(env = process.env.CRASH_PHASES) {
  if (!env) return { sqlite: PHASES, replicas: true, kasten: true };
  const names = env.split(',').map(s => s.trim());
  const known = [...PHASES.map(p => p.name), REPLICAS, KASTEN];
  const unknown = names.filter(n => !known.includes(n));
  if (unknown.length) {
    throw new Error(
      `CRASH_PHASES: unknown phase "${unknown[0]}" (known: ${known.join(
        ', ',
      )})`,
    );
  }
  return {
    sqlite: PHASES.filter(p => names.includes(p.name)),
    replicas: names.includes(REPLICAS),
    kasten: names.includes(KASTEN),
  };
}
