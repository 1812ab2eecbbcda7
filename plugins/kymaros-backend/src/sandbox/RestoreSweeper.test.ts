import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { RestoreSweeper } from './RestoreSweeper';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';

jest.setTimeout(30_000);

describe('RestoreSweeper', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  beforeAll(async () => {
    t = await testSimulator();
    for (const name of ['kymaros-sweep-a', 'production'])
      await t.core.createNamespace({ body: { metadata: { name } } });
  });
  afterAll(() => t.sim.stop());

  const exposed = (namespace: string) =>
    t.core.createNamespacedService({
      namespace,
      body: {
        metadata: { name: 'web' },
        spec: { ports: [{ port: 80 }], externalIPs: ['203.0.113.7'] },
      },
    });
  const token = (namespace: string) =>
    t.core.createNamespacedSecret({
      namespace,
      body: {
        metadata: {
          name: 'deployer-token',
          annotations: { 'kubernetes.io/service-account.name': 'deployer' },
        },
        type: 'kubernetes.io/service-account-token',
        data: { token: Buffer.from('source-cluster-jwt').toString('base64') },
      },
    });

  it('removes external IPs and token data from the sandboxes as they appear, and nowhere else', async () => {
    const guard = new WriteGuard();
    guard.allowSandbox('kymaros-sweep-a');
    const sweeper = new RestoreSweeper(guardedKubeConfig(t.kc, guard), [
      'kymaros-sweep-a',
      'production',
    ]);
    sweeper.start();
    // Created while the sweeper runs, as a restore would.
    await exposed('kymaros-sweep-a');
    await token('kymaros-sweep-a');
    await exposed('production');
    await new Promise(resolve => setTimeout(resolve, 600));
    const service = await t.core.readNamespacedService({
      namespace: 'kymaros-sweep-a',
      name: 'web',
    });
    expect(service.spec!.externalIPs).toBeUndefined();

    const { swept, problems } = await sweeper.stop();

    expect(swept.sort()).toEqual([
      'Secret kymaros-sweep-a/deployer-token',
      'Service kymaros-sweep-a/web',
    ]);
    const secret = await t.core.readNamespacedSecret({
      namespace: 'kymaros-sweep-a',
      name: 'deployer-token',
    });
    expect(secret.data ?? {}).toEqual({});
    // A namespace that is not a sandbox of the run is refused by the guard, and said so.
    expect(problems.join('\n')).toMatch(
      /refused to write outside its sandboxes/,
    );
    const untouched = await t.core.readNamespacedService({
      namespace: 'production',
      name: 'web',
    });
    expect(untouched.spec!.externalIPs).toEqual(['203.0.113.7']);
  });
});
