import { workloadRequests } from './workloadRequests';
import { backupObject } from './__testUtils__/backupObjects';

const Mi = 2 ** 20;
const Gi = 2 ** 30;
const container = (
  name: string,
  requests?: object,
  limits?: object,
  extra: object = {},
) => ({
  name,
  resources: {
    ...(requests ? { requests } : {}),
    ...(limits ? { limits } : {}),
  },
  ...extra,
});
const workload = (kind: string, ref: string, spec: object, pod: object) => {
  if (kind === 'Pod') return backupObject(kind, ref, { spec: pod });
  const template = { template: { spec: pod } };
  return backupObject(kind, ref, {
    spec:
      kind === 'CronJob'
        ? { ...spec, jobTemplate: { spec: template } }
        : { ...spec, ...template },
  });
};

describe('workloadRequests', () => {
  it('multiplies each pod by its replicas, falling back to limits', () => {
    const objects = [
      workload(
        'Deployment',
        'shop/web',
        { replicas: 3 },
        {
          containers: [
            container('web', { cpu: '250m', memory: '128Mi' }),
            container('proxy', undefined, { cpu: '100m', memory: '64Mi' }),
          ],
        },
      ),
      workload(
        'DaemonSet',
        'shop/agent',
        {},
        { containers: [container('a', { cpu: '50m' })] },
      ),
      workload(
        'Pod',
        'shop/debug',
        {},
        { containers: [container('d', { memory: '1.5Gi' })] },
      ),
      workload(
        'CronJob',
        'shop/nightly',
        {},
        { containers: [container('n', { cpu: '8' })] },
      ),
    ];
    expect(workloadRequests(objects)).toEqual({
      shop: {
        cpuMillis: 3 * 350 + 50,
        memoryBytes: 3 * 192 * Mi + 1.5 * Gi,
        pods: 5,
        storageBytes: 0,
      },
    });
  });

  it('applies the init-container rule, sidecars included, and the pod overhead', () => {
    const pod = {
      overhead: { cpu: '10m' },
      initContainers: [
        container('migrate', { cpu: '2', memory: '64Mi' }),
        container('mesh', { cpu: '100m', memory: '32Mi' }, undefined, {
          restartPolicy: 'Always',
        }),
        container('warm', { cpu: '50m', memory: '1Gi' }),
      ],
      containers: [container('app', { cpu: '500m', memory: '256Mi' })],
    };
    const [shop] = Object.values(
      workloadRequests([
        workload('Deployment', 'shop/w', { replicas: 1 }, pod),
      ]),
    );
    // cpu: max(500 + 100, 2000, 100 + 50) + 10; memory: max(256 + 32, 64, 32 + 1024) Mi.
    expect(shop.cpuMillis).toBe(2010);
    expect(shop.memoryBytes).toBe(1056 * Mi);
  });

  it('counts Jobs by parallelism only when they run, and leaves owned pods to their controller', () => {
    const objects = [
      workload(
        'Job',
        'shop/migrate',
        { parallelism: 2 },
        { containers: [container('m', { cpu: '1' })] },
      ),
      backupObject('Pod', 'shop/web-abc', {
        metadata: { ownerReferences: [{ kind: 'ReplicaSet' }] },
        spec: { containers: [container('w', { cpu: '1' })] },
      }),
    ];
    expect(workloadRequests(objects).shop).toMatchObject({
      cpuMillis: 0,
      pods: 0,
    });
    expect(workloadRequests(objects, undefined, true).shop).toMatchObject({
      cpuMillis: 2000,
      pods: 2,
    });
  });

  it("uses the sandbox LimitRange's defaults where a container sets neither", () => {
    const objects = [
      workload(
        'Deployment',
        'shop/w',
        { replicas: 2 },
        { containers: [container('w'), container('x', { cpu: '1' })] },
      ),
    ];
    expect(
      workloadRequests(objects, {
        defaultCpu: '500m',
        defaultRequestMemory: '100Mi',
      }).shop,
    ).toMatchObject({ cpuMillis: 2 * 1500, memoryBytes: 2 * 2 * 100 * Mi });
  });

  it('sums claims, adding the StatefulSet claims the backup does not hold yet', () => {
    const objects = [
      backupObject('PersistentVolumeClaim', 'shop/data-db-0', {
        spec: { resources: { requests: { storage: '10Gi' } } },
      }),
      backupObject('StatefulSet', 'shop/db', {
        spec: {
          replicas: 3,
          volumeClaimTemplates: [
            {
              metadata: { name: 'data' },
              spec: { resources: { requests: { storage: '10Gi' } } },
            },
          ],
          template: { spec: { containers: [container('db', { cpu: '1' })] } },
        },
      }),
    ];
    expect(workloadRequests(objects).shop).toEqual({
      cpuMillis: 3000,
      memoryBytes: 0,
      pods: 3,
      storageBytes: 30 * Gi,
    });
  });

  it('keeps namespaces apart and ignores objects without spec', () => {
    const objects = [
      workload(
        'Deployment',
        'a/w',
        {},
        { containers: [container('w', { cpu: '1' })] },
      ),
      workload(
        'Deployment',
        'b/w',
        { replicas: 0 },
        { containers: [container('w', { cpu: '1' })] },
      ),
      backupObject('Deployment', 'b/empty'),
    ];
    expect(workloadRequests(objects)).toEqual({
      a: { cpuMillis: 1000, memoryBytes: 0, pods: 1, storageBytes: 0 },
      b: { cpuMillis: 0, memoryBytes: 0, pods: 0, storageBytes: 0 },
    });
  });

  it('names the object and field of a value that is not a quantity', () => {
    const objects = [
      workload(
        'Deployment',
        'shop/w',
        {},
        { containers: [container('w', { cpu: 'lots' })] },
      ),
    ];
    expect(() => workloadRequests(objects)).toThrow(
      'Deployment shop/w container w: resources.requests.cpu must be a Kubernetes quantity such as 500m, 4 or 8Gi, got "lots"',
    );
  });
});
