import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Entity } from '@backstage/catalog-model';
import {
  BackupProvider,
  kymarosClustersExtensionPoint,
  kymarosProvidersExtensionPoint,
} from '@kymaros/plugin-kymaros-node';
import request from 'supertest';
import { kymarosPlugin } from './plugin';

const cluster = { name: 'restore-tests', url: 'https://restore.example' };

/** The plugin with `kymaros` as its configuration, a mock scheduler, and the catalog and modules given. */
function start(
  kymaros: object,
  features: Parameters<typeof startTestBackend>[0]['features'] = [
    catalogServiceMock.factory(),
  ],
) {
  const scheduler = mockServices.scheduler.mock();
  const backend = startTestBackend({
    features: [
      kymarosPlugin,
      scheduler.factory,
      mockServices.rootConfig.factory({ data: { kymaros } }),
      ...(features ?? []),
    ],
  });
  return { backend, scheduler };
}

describe('kymarosPlugin', () => {
  it('serves the API and schedules its tasks with the configured cadences', async () => {
    const { backend, scheduler } = start({
      clusters: [cluster],
      reaper: { interval: '5s' },
      schedules: { refreshTests: { frequency: { minutes: 2 } } },
    });
    const running = await backend;
    try {
      await request(running.server).get('/api/kymaros/health').expect(200);
      const tasks = Object.fromEntries(
        scheduler.scheduleTask.mock.calls.map(([task]) => [task.id, task]),
      );
      expect(tasks['kymaros:refresh-tests']).toMatchObject({
        frequency: { minutes: 2 },
        timeout: { minutes: 2 },
        scope: 'global',
      });
      expect(tasks['kymaros:sync-schedules']).toMatchObject({
        frequency: { seconds: 15 },
        scope: 'local',
      });
      expect(tasks['kymaros:reaper']).toMatchObject({
        frequency: { milliseconds: 5000 },
        initialDelay: { seconds: 30 },
        scope: 'local',
      });
    } finally {
      await running.stop();
    }
  });

  it('refuses tests of any provider’s own namespaces, in any cluster', async () => {
    const toolModule = createBackendModule({
      pluginId: 'kymaros',
      moduleId: 'tool-provider',
      register(env) {
        env.registerInit({
          deps: { providers: kymarosProvidersExtensionPoint },
          async init({ providers }) {
            providers.addProvider({
              name: 'tool',
              create: () =>
                ({
                  name: 'tool',
                  ownedObjects: [
                    {
                      namespace: 'tool-system',
                      group: 'tool.example.com',
                      plural: 'restores',
                    },
                  ],
                } as unknown as BackupProvider),
            });
          },
        });
      },
    });
    const entity = (name: string, namespace: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'kymaros.io/enabled': 'true',
          'kymaros.io/namespaces': namespace,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    });
    const { backend, scheduler } = start(
      {
        clusters: [
          cluster,
          {
            ...cluster,
            name: 'other',
            providers: { velero: { namespace: 'backups' } },
          },
        ],
      },
      [
        toolModule,
        catalogServiceMock.factory({
          entities: [
            entity('tools', 'tool-system'),
            entity('ledger', 'backups'),
          ],
        }),
      ],
    );
    const running = await backend;
    try {
      const refresh = scheduler.scheduleTask.mock.calls.find(
        ([task]) => task.id === 'kymaros:refresh-tests',
      )![0];
      await refresh.fn(new AbortController().signal);
      const { body } = await request(running.server)
        .get('/api/kymaros/tests')
        .expect(200);
      const errors = Object.fromEntries(
        body.items.map((item: any) => [item.name, item.status.error]),
      );
      expect(errors.tools).toContain('"tool-system" cannot be restore-tested');
      expect(errors.ledger).toContain('"backups" cannot be restore-tested');
    } finally {
      await running.stop();
    }
  });

  it('runs tests in clusters a module supplies, and takes its auth strategies', async () => {
    const getCredential = jest.fn(async () => ({
      type: 'bearer token' as const,
      token: 'vault-token',
    }));
    const clustersModule = createBackendModule({
      pluginId: 'kymaros',
      moduleId: 'inventory-clusters',
      register(env) {
        env.registerInit({
          deps: { clusters: kymarosClustersExtensionPoint },
          async init({ clusters }) {
            clusters.addClusterSupplier({
              getClusters: async () => [
                {
                  name: 'inventory-lab',
                  url: 'https://inventory-lab.example.com',
                  authMetadata: { 'kubernetes.io/auth-provider': 'vault' },
                },
              ],
            });
            clusters.addAuthStrategy('vault', {
              getCredential,
              validateCluster: () => [],
              presentAuthMetadata: () => ({}),
            });
          },
        });
      },
    });
    const entity = (name: string, clusterName: string): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        annotations: {
          'kymaros.io/enabled': 'true',
          'kymaros.io/namespaces': name,
          'kymaros.io/cluster': clusterName,
        },
      },
      spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    });
    const { backend, scheduler } = start({ clusters: [cluster] }, [
      clustersModule,
      catalogServiceMock.factory({
        entities: [entity('shop', 'inventory-lab'), entity('ghost', 'nowhere')],
      }),
    ]);
    const running = await backend;
    try {
      const task = (id: string) =>
        scheduler.scheduleTask.mock.calls.find(([t]) => t.id === id)![0];
      await task('kymaros:refresh-tests').fn(new AbortController().signal);
      const { body } = await request(running.server)
        .get('/api/kymaros/tests')
        .expect(200);
      const byName = Object.fromEntries(
        body.items.map((item: any) => [item.name, item]),
      );
      expect(byName.shop.status.error).toBeUndefined();
      expect(byName.shop.spec.cluster).toBe('inventory-lab');
      expect(byName.ghost.status.error).toContain(
        'unknown cluster "nowhere" (configured: restore-tests, inventory-lab)',
      );
      // The reaper connects to every known cluster through its strategy.
      await task('kymaros:reaper').fn(new AbortController().signal);
      expect(getCredential).toHaveBeenCalledWith(
        expect.objectContaining({ name: 'inventory-lab' }),
        {},
      );
    } finally {
      await running.stop();
    }
  });

  it('does not start with a retired cluster key, naming its replacement', async () => {
    const { backend } = start({
      clusters: [{ ...cluster, veleroNamespace: 'backups' }],
    });
    await expect(backend).rejects.toThrow(
      'kymaros.clusters[0].veleroNamespace is no longer supported: set kymaros.clusters[0].providers.velero.namespace instead',
    );
  });
});
