import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { WriteGuard } from '../../sandbox/WriteGuard';
import { guardedKubeConfig } from '../../sandbox/guardedKubeConfig';
import { waitForObject } from './waitForObject';

describe('waitForObject', () => {
  it('fails with the refusal when the write guard refuses the watch, instead of watching again', async () => {
    const t = await testSimulator();
    try {
      const get = jest.fn(async () => ({
        metadata: { resourceVersion: '1' },
      }));
      await expect(
        waitForObject({
          kubeConfig: guardedKubeConfig(t.kc, new WriteGuard([])),
          path: '/apis/velero.io/v1/namespaces/velero%2F..%2Fprod/restores',
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
});
