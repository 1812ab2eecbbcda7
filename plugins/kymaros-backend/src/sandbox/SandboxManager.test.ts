import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { SandboxManager } from './SandboxManager';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';

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

      const left = await manager.delete(created, AbortSignal.timeout(10_000));
      expect(left).toEqual([]);
      const managed = await t.core.listNamespace({
        labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
      });
      expect(managed.items).toHaveLength(0);
    } finally {
      await t.sim.stop();
    }
  });

  it('never deletes a namespace re-created under a recorded name by someone else', async () => {
    const t = await testSimulator();
    try {
      const guard = new WriteGuard([]);
      const manager = new SandboxManager(guardedKubeConfig(t.kc, guard), guard);
      const first = await t.core.createNamespace({
        body: { metadata: { name: 'kymaros-shop-abc123' } },
      });
      await t.core.deleteNamespace({ name: 'kymaros-shop-abc123' });
      while (await manager.find('kymaros-shop-abc123'))
        await new Promise(r => setTimeout(r, 50));
      await t.core.createNamespace({
        body: { metadata: { name: 'kymaros-shop-abc123' } },
      });
      guard.allowSandbox('kymaros-shop-abc123');
      const left = await manager.delete(
        [{ name: 'kymaros-shop-abc123', uid: first.metadata!.uid! }],
        AbortSignal.timeout(5_000),
      );
      expect(left).toEqual([]);
      const live = await t.core.readNamespace({ name: 'kymaros-shop-abc123' });
      expect(live.metadata!.deletionTimestamp).toBeUndefined();
      expect(live.metadata!.uid).not.toBe(first.metadata!.uid);
    } finally {
      await t.sim.stop();
    }
  });
});
