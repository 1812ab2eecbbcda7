import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';
import { executeRun, setup, target } from './__testUtils__/simulatedRun';

jest.setTimeout(60_000);

function withQuota(
  resourceQuota: NonNullable<RestoreTestSpec['sandbox']['resourceQuota']>,
) {
  return {
    ...target,
    spec: {
      ...target.spec,
      sandbox: { ...target.spec.sandbox, resourceQuota },
    },
  };
}

/** A Deployment of three replicas asking 1 CPU and 2Gi each. */
const hungry = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'api', namespace: 'shop' },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'api' } },
    template: {
      metadata: { labels: { app: 'api' } },
      spec: {
        containers: [
          {
            name: 'api',
            image: 'api:1',
            resources: { requests: { cpu: '1', memory: '2Gi' } },
          },
        ],
      },
    },
  },
};

describe('the sandbox quota against what the backup requests', () => {
  it('stops before the restore, naming the quota the workloads need, when the quota is too small', async () => {
    const { t, deps, leftovers } = await setup({}, 'rsmall', [hungry]);
    try {
      const { status } = await executeRun(
        withQuota({ cpu: '2', memory: '4Gi' }),
        'rsmall',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.result).toBe('error');
      expect(status.detail).toMatch(/namespace shop request/);
      expect(status.detail).toMatch(/spec\.sandbox\.resourceQuota/);
      expect(status.sandboxFidelity?.quota?.requested).toMatchObject({
        cpu: '3',
        memory: '6Gi',
        pods: 4,
      });
      // Nothing was restored: no Restore was ever created.
      expect(status.validationLevels.restoreIntegrity.status).not.toBe('pass');
      expect(await leftovers()).toEqual({ sandboxes: [], restores: [] });
    } finally {
      await t.sim.stop();
    }
  });

  it('sizes an automatic quota from the requests and restores within it', async () => {
    const { t, deps } = await setup({}, 'rauto', [hungry]);
    // The sandboxes' quotas, read as the restore is asked for (the sandboxes are gone afterwards).
    const quotas: any[] = [];
    const trigger = deps.provider.triggerRestore.bind(deps.provider);
    deps.provider.triggerRestore = async (...args) => {
      quotas.push(...(await t.core.listResourceQuotaForAllNamespaces()).items);
      return trigger(...args);
    };
    try {
      const { status } = await executeRun(
        withQuota({ auto: true }),
        'rauto',
        deps,
        AbortSignal.timeout(30_000),
      );
      expect(status.validationLevels.restoreIntegrity.status).toBe('pass');
      expect(status.sandboxFidelity?.quota).toMatchObject({ auto: true });
      const hard =
        quotas.find(q => q.metadata?.name === 'kymaros-quota')?.spec?.hard ??
        {};
      expect(hard['requests.cpu']).toBeDefined();
      expect(Number(hard['requests.cpu'])).toBeGreaterThanOrEqual(3);
      expect(status.sandboxFidelity?.quota?.applied?.cpu).toBe(
        hard['requests.cpu'],
      );
    } finally {
      await t.sim.stop();
    }
  });
});
