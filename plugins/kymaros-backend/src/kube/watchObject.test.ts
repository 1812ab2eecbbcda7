import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { watchObject } from './watchObject';

type ConfigMap = k8s.V1ConfigMap;

/** A kubeconfig for a loopback port nobody listens on: the API server is unreachable mid-wait. */
async function unreachableCluster(): Promise<k8s.KubeConfig> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  const kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'gone', server: `http://127.0.0.1:${port}` }],
    users: [{ name: 'gone', token: 'x' }],
    contexts: [{ name: 'gone', cluster: 'gone', user: 'gone' }],
    currentContext: 'gone',
  });
  return kubeConfig;
}

describe('watchObject', () => {
  it('fails with the refusal when the write guard refuses the watch, instead of watching again', async () => {
    const t = await testSimulator();
    try {
      const get = jest.fn(async () => ({
        metadata: { resourceVersion: '1' },
      }));
      await expect(
        watchObject({
          kubeConfig: guardedKubeConfig(t.kc, new WriteGuard([])),
          path: '/apis/example.com/v1/namespaces/tools%2F..%2Fprod/widgets',
          name: 'r1',
          get,
          done: () => false,
          signal: AbortSignal.timeout(5000),
        }),
      ).rejects.toThrow(/refused: the path has .* encoded slashes/);
      expect(get).toHaveBeenCalledTimes(1);
    } finally {
      await t.sim.stop();
    }
  });

  it('reads the object again while watches fail, so a change is still noticed', async () => {
    const kubeConfig = await unreachableCluster();
    const started = Date.now();
    const found = await watchObject({
      kubeConfig,
      path: '/api/v1/namespaces/demo/configmaps',
      name: 'cm',
      get: async () => ({
        metadata: { resourceVersion: '7' },
        ready: Date.now() - started > 800,
      }),
      done: object => object.ready,
      signal: AbortSignal.timeout(5000),
    });
    expect(found.ready).toBe(true);
  });

  it('pauses between watches when the stream keeps breaking, instead of reconnecting in a tight loop', async () => {
    const kubeConfig = await unreachableCluster();
    const watches = jest.spyOn(k8s.Watch.prototype, 'watch');
    try {
      await expect(
        watchObject({
          kubeConfig,
          path: '/api/v1/namespaces/demo/configmaps',
          name: 'cm',
          get: async () => ({ metadata: { resourceVersion: '7' } }),
          done: () => false,
          signal: AbortSignal.timeout(2500),
        }),
      ).rejects.toThrow(/aborted|timeout/i);
      // The first watch, then one a second at most.
      expect(watches.mock.calls.length).toBeGreaterThanOrEqual(2);
      expect(watches.mock.calls.length).toBeLessThanOrEqual(4);
    } finally {
      watches.mockRestore();
    }
  });

  describe('on a ConfigMap', () => {
    let t: Awaited<ReturnType<typeof testSimulator>>;
    const namespace = 'watch-demo';
    beforeAll(async () => {
      t = await testSimulator();
      await t.core.createNamespace({ body: { metadata: { name: namespace } } });
    });
    afterAll(() => t.sim.stop());

    const watchState = (name: string, signal: AbortSignal) =>
      watchObject<ConfigMap>({
        kubeConfig: t.kc,
        path: `/api/v1/namespaces/${namespace}/configmaps`,
        name,
        get: () => t.core.readNamespacedConfigMap({ name, namespace }),
        done: map => map.data?.state === 'ready',
        signal,
      });
    const create = (name: string) =>
      t.core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name }, data: { state: 'starting' } },
      });

    it('resolves with the object once a change makes the predicate hold', async () => {
      await create('becomes-ready');
      const waiting = watchState('becomes-ready', AbortSignal.timeout(10_000));
      await new Promise(r => setTimeout(r, 200));
      await t.core.replaceNamespacedConfigMap({
        name: 'becomes-ready',
        namespace,
        body: {
          metadata: { name: 'becomes-ready' },
          data: { state: 'ready' },
        },
      });
      await expect(waiting).resolves.toMatchObject({
        data: { state: 'ready' },
      });
    });

    it('fails when the object is deleted while being waited for', async () => {
      await create('goes-away');
      const waiting = watchState('goes-away', AbortSignal.timeout(10_000));
      await new Promise(r => setTimeout(r, 200));
      await t.core.deleteNamespacedConfigMap({ name: 'goes-away', namespace });
      await expect(waiting).rejects.toThrow(
        'goes-away was deleted while being waited for',
      );
    });

    it('fails with the signal’s reason when it aborts', async () => {
      await create('never-ready');
      const controller = new AbortController();
      const waiting = watchState('never-ready', controller.signal);
      await new Promise(r => setTimeout(r, 200));
      controller.abort(new Error('run stopped'));
      await expect(waiting).rejects.toThrow('run stopped');
    });
  });

  it('ends its wait before a retry when the signal aborts', async () => {
    // Nothing listens on port 1: every watch ends at once and every read fails.
    const kubeConfig = new k8s.KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'none', server: 'http://127.0.0.1:1' }],
      users: [{ name: 'none' }],
      contexts: [{ name: 'none', cluster: 'none', user: 'none' }],
      currentContext: 'none',
    });
    const controller = new AbortController();
    let abortedAt = 0;
    const get = jest
      .fn()
      .mockResolvedValueOnce({ metadata: {} })
      .mockImplementation(async () => {
        setTimeout(() => {
          abortedAt = Date.now();
          controller.abort(new Error('stopped'));
        }, 20);
        throw new Error('connection refused');
      });
    await expect(
      watchObject({
        kubeConfig,
        path: '/api/v1/namespaces/demo/configmaps',
        name: 'c1',
        get,
        done: () => false,
        signal: controller.signal,
      }),
    ).rejects.toThrow('stopped');
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(get).toHaveBeenCalledTimes(2);
  });
});
