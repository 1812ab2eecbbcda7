import type { BackupItem } from '@kymaros/plugin-kymaros-node';
import { planSandboxRestore } from './planSandboxRestore';
import { secretText, secretValue } from './secretText';
import { backupObject, deployment } from './__testUtils__/backupObjects';

const mapping = { shop: 'shop-sbx', db: 'db-sbx' };
const objects = [
  deployment(
    'shop/web',
    {
      env: {
        DB_URL: 'postgres://db.db.svc.cluster.local:5432/app',
        LEDGER: 'ledger.prod.svc',
      },
    },
    { replicas: 2 },
  ),
  backupObject('Service', 'shop/web', {
    spec: { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }] },
  }),
  backupObject('CronJob', 'shop/nightly', { spec: { schedule: '0 0 * * *' } }),
  backupObject('Secret', 'shop/creds', {
    data: { url: secretValue('postgres://app:hunter2@db.db.svc:5432/app') },
  }),
  backupObject('Service', 'db/db', { spec: { clusterIP: 'None' } }),
  backupObject('PersistentVolumeClaim', 'db/data-db-0', {
    spec: { volumeName: 'pvc-1', resources: { requests: { storage: '5Gi' } } },
  }),
  backupObject('Ingress', 'shop/web'),
];
const items: BackupItem[] = objects.map(
  ({ body: _b, resource: _r, ...item }) => item,
);

describe('planSandboxRestore', () => {
  it('plans a two-namespace app: rewrites, closed Service, suspended CronJob, volume without data', () => {
    const plan = planSandboxRestore({
      items,
      manifests: {
        objects,
        volumes: [
          {
            volumeName: 'pvc-1',
            claim: { namespace: 'db', name: 'data-db-0' },
            data: 'none',
          },
        ],
      },
      mapping,
      runJobs: false,
    });
    expect(plan.transforms.excludedResources).toEqual(
      expect.arrayContaining([
        'ingresses.networking.k8s.io',
        'networkpolicies.networking.k8s.io',
        'persistentvolumes',
      ]),
    );
    const named = plan.transforms.edits
      .filter(e => e.name)
      .map(e => `${e.resource} ${e.namespace}/${e.name}`);
    expect(named).toEqual(['deployments.apps shop/web', 'services shop/web']);
    expect(plan.fidelity).toEqual({
      manifestsRead: true,
      rewrites: [
        {
          object: 'Deployment shop/web',
          field: 'env DB_URL of container web',
          from: 'db.db.svc.cluster.local',
          to: 'db.db-sbx.svc.cluster.local',
        },
        {
          object: 'Secret shop/creds',
          field: 'Secret data key url',
          from: 'db.db.svc',
          to: 'db.db-sbx.svc',
        },
      ],
      externalReferences: [
        {
          object: 'Deployment shop/web',
          field: 'env LEDGER of container web',
          reference: 'ledger.prod.svc',
          namespace: 'prod',
        },
      ],
      transformations: [
        {
          subject: 'Service shop/web',
          change: 'type LoadBalancer → ClusterIP',
          notTested: 'the external load balancer',
        },
        {
          subject: 'CronJob shop/nightly',
          change: 'suspended',
          notTested: 'its schedule',
        },
        {
          subject: 'Ingress shop/web',
          change: 'not restored',
          notTested: 'external routing',
        },
      ],
      volumesNotRestored: [
        {
          claim: 'db/data-db-0',
          volume: 'pvc-1',
          reason: 'no volume data in the backup',
        },
      ],
    });
    expect(plan.secretRewrites).toHaveLength(1);
    expect(secretText(plan.secretRewrites[0].data.url)).toContain(
      '@db.db-sbx.svc:5432',
    );
    expect(plan.claimsWithoutData).toEqual([
      { namespace: 'db', name: 'data-db-0' },
    ]);
    // The Secret's value is in no edit and no report line.
    expect(JSON.stringify([plan.transforms, plan.fidelity])).not.toContain(
      'hunter2',
    );
  });

  it('without any body makes only edits by kind and says why', () => {
    const plan = planSandboxRestore({
      items,
      manifestsProblem: 'the provider cannot read backup bodies',
      mapping,
      runJobs: true,
    });
    expect(plan.fidelity.manifestsRead).toBe(false);
    expect(plan.fidelity.manifestsProblem).toBe(
      'the provider cannot read backup bodies',
    );
    expect(plan.fidelity.rewrites).toEqual([]);
    expect(plan.transforms.edits.every(e => e.name === undefined)).toBe(true);
    expect(plan.transforms.edits.map(e => e.resource)).not.toContain(
      'jobs.batch',
    );
    expect(
      plan.transforms.edits.filter(e => e.resource === 'services'),
    ).toHaveLength(6);
    expect(plan.transforms.excludedResources).toContain('persistentvolumes');
    expect(plan.fidelity.transformations.map(t => t.subject)).toEqual(
      expect.arrayContaining([
        'CronJob shop/nightly',
        'Ingress shop/web',
        'Services of shop',
        'Services of db',
      ]),
    );
  });

  it("reports the run's word on bodies read in part, and still closes Services by type", () => {
    const read = (manifestsProblem?: string) =>
      planSandboxRestore({
        items,
        manifests: { objects: objects.slice(0, 1), truncated: true },
        manifestsProblem,
        mapping,
        runJobs: false,
      });
    const plan = read('read only in part');
    expect(plan.fidelity.manifestsRead).toBe(true);
    expect(plan.fidelity.manifestsProblem).toBe('read only in part');
    expect(
      plan.transforms.edits.filter(e => e.resource === 'services' && e.when),
    ).toHaveLength(4);
    // One message, the run's: the planner adds none of its own.
    expect(read().fidelity.manifestsProblem).toBeUndefined();
    expect(Object.keys(plan).sort()).toEqual([
      'claimsWithoutData',
      'fidelity',
      'secretRewrites',
      'transforms',
    ]);
  });

  it('caps report lists of a very large backup', () => {
    const many = Array.from({ length: 300 }, (_, i) =>
      deployment(`shop/w${i}`, { env: { X: 'db.db.svc' } }),
    );
    const plan = planSandboxRestore({
      manifests: { objects: many },
      mapping,
      runJobs: false,
    });
    expect(plan.transforms.edits.filter(e => e.name)).toHaveLength(300);
    expect(plan.fidelity.rewrites).toHaveLength(201);
    expect(plan.fidelity.rewrites[200].object).toBe('… and 100 more');
  });
});
