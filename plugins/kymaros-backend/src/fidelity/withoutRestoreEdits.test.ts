import { planSandboxRestore } from './planSandboxRestore';
import { withoutRestoreEdits } from './withoutRestoreEdits';

const object = (kind: string, apiVersion: string, name: string, body = {}) => ({
  apiVersion,
  kind,
  namespace: 'shop',
  name,
  resource: '',
  body: { apiVersion, kind, metadata: { name, namespace: 'shop' }, ...body },
});

describe('a plan for a backup tool that cannot change objects as it restores', () => {
  const objects = [
    {
      ...object('Service', 'v1', 'web', {
        spec: { type: 'LoadBalancer', externalIPs: ['203.0.113.9'] },
      }),
      resource: 'services',
    },
    {
      ...object('Service', 'v1', 'db', { spec: { type: 'ClusterIP' } }),
      resource: 'services',
    },
    { ...object('CronJob', 'batch/v1', 'nightly'), resource: 'cronjobs.batch' },
    {
      ...object('PersistentVolumeClaim', 'v1', 'data', {
        spec: { volumeName: 'pv-shop-data', storageClassName: 'standard' },
      }),
      resource: 'persistentvolumeclaims',
    },
    {
      ...object('Deployment', 'apps/v1', 'api', {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: 'api',
                  env: [{ name: 'DB', value: 'db.data.svc:5432' }],
                },
              ],
            },
          },
        },
      }),
      resource: 'deployments.apps',
    },
    {
      ...object('Service', 'v1', 'db', { spec: { type: 'ClusterIP' } }),
      namespace: 'data',
      resource: 'services',
    },
  ];
  const planned = planSandboxRestore({
    manifests: { objects },
    mapping: { shop: 'kymaros-shop-x', data: 'kymaros-data-x' },
    runJobs: false,
  });

  it('hands the tool no edits, and leaves out the kinds it would have suspended instead', () => {
    expect(planned.transforms.edits.length).toBeGreaterThan(0);
    const plan = withoutRestoreEdits(planned, false);
    expect(plan.transforms.edits).toEqual([]);
    expect(plan.transforms.excludedResources).toEqual(
      expect.arrayContaining([
        ...planned.transforms.excludedResources,
        'cronjobs.batch',
        'jobs.batch',
      ]),
    );
    // A claim restored as it was would name the source's volume: left out, as are its workloads' volumes.
    expect(plan.transforms.excludedResources).toContain(
      'persistentvolumeclaims',
    );
    expect(
      withoutRestoreEdits(planned, true).transforms.excludedResources,
    ).not.toContain('jobs.batch');
  });

  it('says what happens instead of each change, and lists the references it could not rewrite', () => {
    const plan = withoutRestoreEdits(planned, false);
    const of = (subject: string) =>
      plan.fidelity.transformations.filter(t => t.subject === subject);
    expect(of('CronJob shop/nightly')).toEqual([
      expect.objectContaining({ change: 'not restored' }),
    ]);
    expect(of('Service shop/web')).toEqual([
      expect.objectContaining({
        change: expect.stringMatching(/^refused by the sandbox/),
      }),
    ]);
    expect(plan.fidelity.rewrites).toEqual([]);
    expect(of('Deployment shop/api')).toEqual([
      expect.objectContaining({
        change: expect.stringMatching(/not rewritten$/),
        notTested: expect.stringContaining('db.data.svc'),
      }),
    ]);
  });
});
