import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

const name = i => `bench-${String(i).padStart(4, '0')}`;

/**
 * N small services: catalog entities and the matching simulator scenario, written to `dir`.
 * Without backups the cluster holds none of them: every first run ends at once with "no
 * backup", which is how the bench brings thousands of tests to idle quickly.
 */
export function generateServices({ dir, count, withBackups = true }) {
  const names = Array.from({ length: count }, (_, i) => name(i));
  const catalogFile = path.join(dir, 'catalog.yaml');
  const scenarioFile = path.join(dir, 'scenario.yaml');
  writeFileSync(
    catalogFile,
    names.map(n => stringify(entity(n))).join('---\n'),
  );
  writeFileSync(
    scenarioFile,
    stringify(withBackups ? scenario(names) : scenario([])),
  );
  return { names, catalogFile, scenarioFile };
}

// Scheduled once a year, so only the first run of each test happens during a bench.
const entity = n => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: n,
    annotations: {
      'kymaros.io/enabled': 'true',
      'kymaros.io/namespaces': n,
      'kymaros.io/schedule': '0 0 1 1 *',
      'kymaros.io/health-check-policy': 'bench-checks',
      'kymaros.io/cluster': 'bench',
    },
  },
  spec: {
    type: 'service',
    lifecycle: 'experimental',
    owner: 'user:development/guest',
  },
});

const deployment = n => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: n, namespace: n, labels: { app: n } },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: n } },
    template: {
      metadata: { labels: { app: n, tier: 'bench' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] },
    },
  },
});

// Short simulated steps: the bench measures the engine, not the simulated cluster's waits.
const scenario = names => ({
  name: 'bench',
  description: `${names.length} small services for the benchmark harness.`,
  timings: {
    podStartMs: 100,
    jobRunMs: 100,
    namespaceTerminationMs: 200,
    veleroStepMs: 100,
  },
  objects: names.map(deployment),
  backups: names.map(n => ({ name: `${n}-nightly`, includedNamespaces: [n] })),
});
