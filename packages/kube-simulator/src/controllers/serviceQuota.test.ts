import { testSimulator } from '../testing';

describe('quotas on exposed Services', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  const noExposure = (namespace: string) =>
    t.core.createNamespacedResourceQuota({
      namespace,
      body: {
        metadata: { name: 'no-exposure' },
        spec: {
          hard: { 'services.loadbalancers': '0', 'services.nodeports': '0' },
        },
      },
    });
  beforeAll(async () => {
    t = await testSimulator();
    await t.core.createNamespace({ body: { metadata: { name: 'closed' } } });
    await noExposure('closed');
    // The quota controller fills status.hard; admission enforces from then on.
    for (let i = 0; i < 50; i++) {
      const q = await t.core.readNamespacedResourceQuota({
        namespace: 'closed',
        name: 'no-exposure',
      });
      if (q.status?.hard) break;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
  });
  afterAll(() => t.sim.stop());

  const service = (name: string, type: string) =>
    t.core.createNamespacedService({
      namespace: 'closed',
      body: {
        metadata: { name },
        spec: { type, ports: [{ port: 80 }], selector: { app: name } },
      },
    });

  it('refuses a LoadBalancer and a NodePort Service as the API server words it', async () => {
    await expect(service('lb', 'LoadBalancer')).rejects.toMatchObject({
      code: 403,
      body: expect.stringContaining(
        'services \\"lb\\" is forbidden: exceeded quota: no-exposure, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0',
      ),
    });
    await expect(service('np', 'NodePort')).rejects.toMatchObject({
      code: 403,
    });
  });

  it('admits a ClusterIP Service and refuses turning it into a NodePort', async () => {
    await service('web', 'ClusterIP');
    await expect(
      t.core.patchNamespacedService(
        {
          namespace: 'closed',
          name: 'web',
          body: [{ op: 'replace', path: '/spec/type', value: 'NodePort' }],
        },
        { headers: { 'Content-Type': 'application/json-patch+json' } } as any,
      ),
    ).rejects.toMatchObject({ code: 403 });
  });

  it('admits an exposed Service created before the quota controller has filled the quota in, as Kubernetes does', async () => {
    await t.core.createNamespace({ body: { metadata: { name: 'racing' } } });
    await noExposure('racing');
    await t.core.createNamespacedService({
      namespace: 'racing',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      },
    });
  });

  it('admits exposed Services where no quota limits them', async () => {
    await t.core.createNamespace({ body: { metadata: { name: 'open' } } });
    await t.core.createNamespacedService({
      namespace: 'open',
      body: {
        metadata: { name: 'lb' },
        spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      },
    });
  });
});
