import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { SandboxManager } from './SandboxManager';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';
import { RecordingProxy, recordingProxy } from './__testUtils__/recordingProxy';

jest.setTimeout(30_000);

describe('SandboxManager', () => {
  it('creates labelled, isolated, bounded sandboxes and removes them', async () => {
    const t = await testSimulator();
    try {
      const guard = new WriteGuard([]);
      const manager = new SandboxManager(guardedKubeConfig(t.kc, guard), guard);
      const created: { name: string; uid: string }[] = [];
      const announced: string[] = [];
      const mapping = await manager.create(
        {
          runId: 'r1abc',
          testName: 'storefront',
          testId: 'component:default/storefront:storefront',
          entityRef: 'component:default/storefront',
          sources: ['storefront-web', 'storefront-data'],
          prefix: 'kymaros',
          isolation: 'group',
          quota: { cpu: '4', memory: '8Gi', pods: 50 },
          limits: { defaultCpu: '500m', defaultMemory: '512Mi' },
          expiresAt: new Date(Date.now() + 3600_000),
        },
        {
          before: async (_s, name) => {
            announced.push(name);
          },
          created: async (_s, name, uid) => {
            created.push({ name, uid });
          },
          failed: async () => {},
        },
      );
      expect(Object.keys(mapping)).toEqual([
        'storefront-web',
        'storefront-data',
      ]);
      expect(announced).toEqual(Object.values(mapping));
      expect(created.map(c => c.name)).toEqual(Object.values(mapping));
      const web = await t.core.readNamespace({
        name: mapping['storefront-web'],
      });
      expect(web.metadata!.name).toMatch(/^kymaros-storefront-[a-z0-9]{6}$/);
      expect(web.metadata!.labels).toMatchObject({
        'kymaros.io/managed-by': 'kymaros-backstage',
        'kymaros.io/test': 'storefront',
        'kymaros.io/test-namespace': 'storefront-web',
        'kymaros.io/group': 'r1abc',
      });
      const policies = await t.kc
        .makeApiClient(k8s.NetworkingV1Api)
        .listNamespacedNetworkPolicy({ namespace: mapping['storefront-web'] });
      expect(policies.items.map(p => p.metadata!.name).sort()).toEqual([
        'kymaros-allow-dns',
        'kymaros-allow-group',
        'kymaros-allow-sandbox',
        'kymaros-deny-all',
      ]);
      const quota = await t.core.readNamespacedResourceQuota({
        namespace: mapping['storefront-data'],
        name: 'kymaros-quota',
      });
      expect(quota.spec!.hard).toMatchObject({
        'limits.cpu': '4',
        'requests.memory': '8Gi',
        pods: '50',
      });
      await t.core.readNamespacedLimitRange({
        namespace: mapping['storefront-data'],
        name: 'kymaros-limits',
      });
      // Nothing restored there can open a load balancer or a node port, whoever restores it.
      await expect(
        t.core.createNamespacedService({
          namespace: mapping['storefront-web'],
          body: {
            metadata: { name: 'web' },
            spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
          },
        }),
      ).rejects.toMatchObject({ code: 403 });

      const deletion = await manager.delete(
        created,
        AbortSignal.timeout(10_000),
      );
      expect(deletion).toEqual({ left: [], notOurs: [] });
      const managed = await t.core.listNamespace({
        labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
      });
      expect(managed.items).toHaveLength(0);
    } finally {
      await t.sim.stop();
    }
  });

  it('opens the declared egress and sizes each sandbox with its own quota', async () => {
    const t = await testSimulator();
    try {
      const guard = new WriteGuard([]);
      const manager = new SandboxManager(guardedKubeConfig(t.kc, guard), guard);
      const record = {
        before: async () => {},
        created: async () => {},
        failed: async () => {},
      };
      const mapping = await manager.create(
        {
          runId: 'r2abc',
          testName: 'shop',
          testId: 'component:default/shop:shop',
          entityRef: 'component:default/shop',
          sources: ['shop-web', 'shop-data'],
          prefix: 'kymaros',
          isolation: 'strict',
          egress: [
            {
              name: 'payments-db',
              cidr: '10.20.0.0/16',
              ports: [{ port: 5432 }],
            },
            { namespace: 'shared-cache' },
          ],
          quota: { cpu: '4', memory: '8Gi' },
          quotaBySource: {
            'shop-data': { cpu: '12', memory: '30Gi', pods: 13 },
          },
          expiresAt: new Date(Date.now() + 3600_000),
        },
        record,
      );
      const networking = t.kc.makeApiClient(k8s.NetworkingV1Api);
      for (const sandbox of Object.values(mapping)) {
        const policy = await networking.readNamespacedNetworkPolicy({
          namespace: sandbox,
          name: 'kymaros-allow-egress',
        });
        expect(policy.metadata!.labels).toMatchObject({
          'kymaros.io/managed-by': 'kymaros-backstage',
          'kymaros.io/group': 'r2abc',
        });
        expect(policy.spec).toEqual({
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            {
              to: [{ ipBlock: { cidr: '10.20.0.0/16' } }],
              ports: [{ protocol: 'TCP', port: 5432 }],
            },
            {
              to: [
                {
                  namespaceSelector: {
                    matchLabels: {
                      'kubernetes.io/metadata.name': 'shared-cache',
                    },
                  },
                },
              ],
            },
          ],
        });
      }
      const hard = async (source: string) =>
        (
          await t.core.readNamespacedResourceQuota({
            namespace: mapping[source],
            name: 'kymaros-quota',
          })
        ).spec!.hard;
      expect(await hard('shop-web')).toEqual({
        'requests.cpu': '4',
        'limits.cpu': '4',
        'requests.memory': '8Gi',
        'limits.memory': '8Gi',
      });
      expect(await hard('shop-data')).toEqual({
        'requests.cpu': '12',
        'limits.cpu': '12',
        'requests.memory': '30Gi',
        'limits.memory': '30Gi',
        pods: '13',
      });
    } finally {
      await t.sim.stop();
    }
  });

  it('ends its wait with the signal and reports the sandboxes still terminating', async () => {
    const t = await testSimulator();
    try {
      const guard = new WriteGuard([]);
      const manager = new SandboxManager(guardedKubeConfig(t.kc, guard), guard);
      const ns = await t.core.createNamespace({
        body: {
          metadata: {
            name: 'kymaros-stuck-abc123',
            annotations: { 'sim.kymaros.io/terminate': 'never' },
          },
        },
      });
      const target = { name: 'kymaros-stuck-abc123', uid: ns.metadata!.uid! };
      guard.allowSandbox(target.name, target.uid);
      const deletion = await manager.delete(
        [target],
        AbortSignal.timeout(1_000),
      );
      expect(deletion).toEqual({ left: [target.name], notOurs: [] });
    } finally {
      await t.sim.stop();
    }
  });

  describe('volumes and re-created names', () => {
    let t: Awaited<ReturnType<typeof testSimulator>>;
    let relay: RecordingProxy;
    let guard: WriteGuard;
    let manager: SandboxManager;

    beforeEach(async () => {
      // Plain HTTP, so the relay can read every request the manager sends.
      t = await testSimulator({
        tls: false,
        timings: { namespaceTerminationMs: 2_000 },
      });
      relay = await recordingProxy(t.sim.url);
      guard = new WriteGuard([]);
      manager = new SandboxManager(
        guardedKubeConfig(relay.kubeConfig(t.kc), guard),
        guard,
      );
    });
    afterEach(async () => {
      await relay.close();
      await t.sim.stop();
    });

    /** A namespace this run created and recorded, verified as cleanup does. */
    async function sandbox(name: string) {
      const ns = await t.core.createNamespace({ body: { metadata: { name } } });
      guard.allowSandbox(name, ns.metadata!.uid!);
      return { name, uid: ns.metadata!.uid! };
    }

    /** A bound claim; `Retain` asks the simulator's provisioner for a `Retain` volume. */
    async function claim(
      namespace: string,
      name: string,
      options: { retain?: boolean; volumeName?: string } = {},
    ): Promise<k8s.V1PersistentVolumeClaim> {
      await t.core.createNamespacedPersistentVolumeClaim({
        namespace,
        body: {
          metadata: {
            name,
            annotations: options.retain
              ? { 'sim.kymaros.io/reclaim-policy': 'Retain' }
              : {},
          },
          spec: {
            accessModes: ['ReadWriteOnce'],
            resources: { requests: { storage: '1Gi' } },
            volumeName: options.volumeName,
          },
        },
      });
      for (;;) {
        const pvc = await t.core.readNamespacedPersistentVolumeClaim({
          namespace,
          name,
        });
        if (pvc.status?.phase === 'Bound') return pvc;
        await new Promise(r => setTimeout(r, 20));
      }
    }

    const policy = async (pv: string) =>
      (await t.core.readPersistentVolume({ name: pv })).spec!
        .persistentVolumeReclaimPolicy;
    const writes = () => relay.requests().filter(r => !r.startsWith('GET '));

    it('switches only the Retain volumes of its own claims, each read by name, and waits by watch', async () => {
      const target = await sandbox('kymaros-shop-abc123');
      const db = await claim(target.name, 'db', { retain: true });
      const cache = await claim(target.name, 'cache');
      await t.core.createNamespace({ body: { metadata: { name: 'prod' } } });
      const prod = await claim('prod', 'data', { retain: true });
      const before = relay.requests().length;

      const deletion = await manager.delete(
        [target],
        AbortSignal.timeout(10_000),
      );

      expect(deletion).toEqual({ left: [], notOurs: [] });
      const sent = relay.requests().slice(before);
      expect(writes()).toEqual([
        `PATCH /api/v1/persistentvolumes/${db.spec!.volumeName}`,
        `DELETE /api/v1/namespaces/${target.name}`,
      ]);
      // Volumes are read one by one, never listed cluster-wide.
      expect(
        sent.filter(r => r.startsWith('GET /api/v1/persistentvolumes')).sort(),
      ).toEqual(
        [
          `GET /api/v1/persistentvolumes/${db.spec!.volumeName}`,
          `GET /api/v1/persistentvolumes/${cache.spec!.volumeName}`,
        ].sort(),
      );
      // The end of the namespace's 2 s termination is followed by watch, not
      // by reading the namespace every 250 ms.
      expect(sent).toContainEqual(
        expect.stringMatching(
          /^GET \/api\/v1\/namespaces\?(?=.*\bwatch=true)(?=.*\bfieldSelector=metadata\.name%3Dkymaros-shop-abc123(&|$))/,
        ),
      );
      const reads = sent.filter(
        r => r === `GET /api/v1/namespaces/${target.name}`,
      );
      expect(reads.length).toBeLessThanOrEqual(5);
      await expect(manager.find(target.name)).resolves.toBeUndefined();
      expect(await policy(prod.spec!.volumeName!)).toBe('Retain');
    });

    it('releases the volume of a claim created after its list, before the namespace takes the claim away', async () => {
      const target = await sandbox('kymaros-shop-abc123');
      await claim(target.name, 'db', { retain: true });
      let late: k8s.V1PersistentVolumeClaim | undefined;
      const list = k8s.CoreV1Api.prototype.listNamespacedPersistentVolumeClaim;
      jest
        .spyOn(k8s.CoreV1Api.prototype, 'listNamespacedPersistentVolumeClaim')
        .mockImplementationOnce(async function listThenClaim(
          this: k8s.CoreV1Api,
          ...args
        ) {
          const listed = await list.apply(this, args);
          // A StatefulSet scaling up right after the list was taken.
          late = await claim(target.name, 'late', { retain: true });
          return listed;
        });

      const deletion = await manager.delete(
        [target],
        AbortSignal.timeout(10_000),
      );

      expect(deletion).toEqual({ left: [], notOurs: [] });
      const volume = late!.spec!.volumeName!;
      expect(writes()).toContain(`PATCH /api/v1/persistentvolumes/${volume}`);
      const pv = await t.core
        .readPersistentVolume({ name: volume })
        .catch(() => undefined);
      expect(pv?.spec?.persistentVolumeReclaimPolicy ?? 'gone').not.toBe(
        'Retain',
      );
    });

    it('leaves a namespace re-created under the recorded name, and its volumes, alone', async () => {
      const first = await t.core.createNamespace({
        body: { metadata: { name: 'kymaros-shop-abc123' } },
      });
      await t.core.deleteNamespace({ name: 'kymaros-shop-abc123' });
      while (await manager.find('kymaros-shop-abc123'))
        await new Promise(r => setTimeout(r, 50));
      await t.core.createNamespace({
        body: { metadata: { name: 'kymaros-shop-abc123' } },
      });
      const theirs = await claim('kymaros-shop-abc123', 'db', {
        retain: true,
      });
      // As if the record had been verified just before the name changed hands.
      guard.allowSandbox('kymaros-shop-abc123', first.metadata!.uid!);

      const deletion = await manager.delete(
        [{ name: 'kymaros-shop-abc123', uid: first.metadata!.uid! }],
        AbortSignal.timeout(5_000),
      );

      expect(writes()).toEqual([]);
      expect(deletion).toEqual({ left: [], notOurs: ['kymaros-shop-abc123'] });
      expect(await policy(theirs.spec!.volumeName!)).toBe('Retain');
      const live = await t.core.readNamespace({ name: 'kymaros-shop-abc123' });
      expect(live.metadata!.deletionTimestamp).toBeUndefined();
      expect(live.metadata!.uid).not.toBe(first.metadata!.uid);
    });

    it('touches no volume whose claimRef is not the sandbox claim itself', async () => {
      const target = await sandbox('kymaros-shop-abc123');
      await t.core.createNamespace({ body: { metadata: { name: 'prod' } } });
      const prod = await claim('prod', 'data', { retain: true });
      await t.core.createPersistentVolume({
        body: {
          metadata: { name: 'forged' },
          spec: {
            capacity: { storage: '1Gi' },
            accessModes: ['ReadWriteOnce'],
            persistentVolumeReclaimPolicy: 'Retain',
            hostPath: { path: '/var/lib/forged' },
            claimRef: {
              kind: 'PersistentVolumeClaim',
              namespace: target.name,
              name: 'logs',
              uid: 'not-the-uid-of-this-claim',
            },
          },
        },
      });
      // Claims in the sandbox naming volumes bound elsewhere: same claim
      // name in another namespace, same claim name and namespace, other uid.
      await claim(target.name, 'data', { volumeName: prod.spec!.volumeName });
      await claim(target.name, 'logs', { volumeName: 'forged' });
      const cache = await claim(target.name, 'cache');
      expect(await policy(cache.spec!.volumeName!)).toBe('Delete');

      const deletion = await manager.delete(
        [target],
        AbortSignal.timeout(10_000),
      );

      expect(deletion).toEqual({ left: [], notOurs: [] });
      expect(writes()).toEqual([`DELETE /api/v1/namespaces/${target.name}`]);
      expect(await policy(prod.spec!.volumeName!)).toBe('Retain');
      expect(await policy('forged')).toBe('Retain');
    });
  });
});
