import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { kubeConfigFor } from '../clusters/auth/kubeConfigFor';
import {
  MAX_TOKEN_AGE_MS,
  RefreshingBearerToken,
} from '../clusters/auth/RefreshingBearerToken';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';

// A simulator or 24 MiB of gzip per test: seconds on a busy machine.
jest.setTimeout(30_000);

describe('guardedKubeConfig with a renewed bearer token', () => {
  afterEach(() => jest.restoreAllMocks());

  it('presents the renewed token and still stops a write outside the sandboxes before it reaches the cluster', async () => {
    const t = await testSimulator();
    try {
      const realNow = Date.now;
      let offset = 0;
      jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
      const renew = jest.fn(async () => t.sim.token);
      const token = new RefreshingBearerToken({
        cluster: 'sim',
        authProvider: 'aws',
        token: 'expired-token',
        renew,
      });
      const server = t.kc.getCurrentCluster()!;
      const base = kubeConfigFor(
        {
          name: 'sim',
          url: server.server,
          caData: server.caData,
          skipTLSVerify: server.skipTLSVerify,
          authMetadata: {},
        },
        token,
      );
      const guard = new WriteGuard([]);
      const core = guardedKubeConfig(base, guard).makeApiClient(k8s.CoreV1Api);
      await expect(core.listNamespace()).rejects.toMatchObject({ code: 401 });
      offset += MAX_TOKEN_AGE_MS;
      await expect(
        core.createNamespacedConfigMap({
          namespace: 'default',
          body: { metadata: { name: 'evil' } },
        }),
      ).rejects.toThrow(/refused to write outside its sandboxes/);
      await expect(core.listNamespace()).resolves.toBeDefined();
      expect(renew).toHaveBeenCalledTimes(1);
      await expect(
        core.createNamespacedConfigMap({
          namespace: 'kube-system',
          body: { metadata: { name: 'evil' } },
        }),
      ).rejects.toThrow(/refused to write outside its sandboxes/);
      await expect(
        t.core.readNamespacedConfigMap({ namespace: 'default', name: 'evil' }),
      ).rejects.toMatchObject({ code: 404 });
      guard.allowSandbox('kymaros-ok-aaaaaa');
      await core.createNamespace({
        body: { metadata: { name: 'kymaros-ok-aaaaaa' } },
      });
    } finally {
      await t.sim.stop();
    }
  });
});
