import os from 'node:os';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { kymarosPermissions } from '@kymaros/plugin-kymaros-common';
import {
  BackupProviderFactory,
  CheckType,
  kymarosChecksExtensionPoint,
  kymarosProvidersExtensionPoint,
} from '@kymaros/plugin-kymaros-node';
import { readKymarosConfig } from './config/readKymarosConfig';
import { ClusterRegistry } from './clusters/ClusterRegistry';
import { ProviderRegistry } from './providers/ProviderRegistry';
import { ProviderFactory } from './providers/ProviderFactory';
import { DatabaseKymarosStore } from './store/DatabaseKymarosStore';
import { CatalogTestSource } from './definitions/CatalogTestSource';
import { RestoreRunner } from './run/RestoreRunner';
import { runChecksForRun } from './run/runChecksForRun';
import { TestScheduler } from './scheduling/TestScheduler';
import { SandboxReaper } from './reaper/SandboxReaper';
import { createRouter, kymarosAuthPolicies } from './router/createRouter';
import { builtInCheckTypes } from './checks/builtInCheckTypes';

/** Namespaces no test may restore from or into. */
const systemNamespaces = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
];

/**
 * Kymaros: scheduled restore tests of catalog entities' backups, with reports
 * served under /api/kymaros.
 */
export const kymarosPlugin = createBackendPlugin({
  pluginId: 'kymaros',
  register(env) {
    const providerFactories: BackupProviderFactory[] = [];
    const checkTypes: CheckType[] = [];
    env.registerExtensionPoint(kymarosProvidersExtensionPoint, {
      addProvider: f => providerFactories.push(f),
    });
    env.registerExtensionPoint(kymarosChecksExtensionPoint, {
      addCheckType: c => checkTypes.push(c),
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        urlReader: coreServices.urlReader,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        scheduler,
        httpRouter,
        httpAuth,
        auth,
        permissions,
        permissionsRegistry,
        urlReader,
        lifecycle,
        catalog,
      }) {
        const kymaros = readKymarosConfig(config);
        const clusters = new ClusterRegistry(kymaros.clusters);
        const providers = new ProviderRegistry();
        providerFactories.forEach(f => providers.add(f));
        const types = builtInCheckTypes();
        checkTypes.forEach(c => types.set(c.type, c));
        const store = await DatabaseKymarosStore.create({
          knex: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });
        const veleroNamespaces = kymaros.clusters.map(c => c.veleroNamespace);
        const protectedNamespaces = [...systemNamespaces, ...veleroNamespaces];
        const source = new CatalogTestSource({
          catalog,
          auth,
          urlReader,
          logger,
          limits: {
            entityTimeoutMs: kymaros.catalog.entityTimeoutMs,
            concurrency: kymaros.catalog.concurrency,
          },
          context: () => ({
            config: kymaros,
            providers: providers.names(),
            checkTypes: types,
            protectedNamespaces,
          }),
        });
        const providerFactory = new ProviderFactory({
          providers,
          clusters,
          logger,
          providerConfig: config.getOptionalConfig('kymaros.providers'),
        });
        const runner = new RestoreRunner({
          store,
          clusters,
          providerFactory,
          runChecks: runChecksForRun(types, logger),
          logger,
          config: kymaros,
          owner: `${os.hostname()}-${process.pid}`,
          protectedNamespaces: systemNamespaces,
          leaseMs: kymaros.runLeaseMs,
        });
        const testScheduler = new TestScheduler({
          scheduler,
          store,
          loadTests: () => source.loadAll(),
          start: (id, by) => runner.start(id, by),
          logger,
        });
        const reaper = new SandboxReaper({
          store,
          clusters,
          providerFactory,
          logger,
          settleMs: kymaros.timeoutsMs.cleanup / 2,
          historyLimit: kymaros.historyLimit,
        });

        permissionsRegistry.addPermissions(kymarosPermissions);
        httpRouter.use(
          await createRouter({
            store,
            runner: {
              requestRun: (id, by) => testScheduler.requestRun(id, by),
            },
            httpAuth,
            permissions,
            catalog,
            logger,
          }),
        );
        kymarosAuthPolicies.forEach(p => httpRouter.addAuthPolicy(p));

        // Follow the catalog: one replica at a time reads it into the store…
        await scheduler.scheduleTask({
          id: 'kymaros:refresh-tests',
          frequency: { milliseconds: kymaros.catalog.refreshMs },
          timeout: { minutes: 2 },
          scope: 'global',
          fn: () => testScheduler.refresh(),
        });
        // …and every replica registers the tests' tasks from the store.
        await scheduler.scheduleTask({
          id: 'kymaros:sync-schedules',
          frequency: { seconds: 15 },
          timeout: { minutes: 1 },
          initialDelay: { seconds: 1 },
          scope: 'local',
          fn: () => testScheduler.syncSchedules(),
        });
        // Local on purpose: a global task's stored next run survives a
        // restart (ignoring the initial delay), and a dead replica would hold
        // its ticket; passes on several replicas at once are safe.
        await scheduler.scheduleTask({
          id: 'kymaros:reaper',
          frequency: { milliseconds: kymaros.reaper.intervalMs },
          timeout: { minutes: 5 },
          initialDelay: { milliseconds: kymaros.reaper.initialDelayMs },
          scope: 'local',
          fn: async () => {
            await reaper.reap();
          },
        });
        lifecycle.addShutdownHook(async () => {
          testScheduler.stop();
          await runner.stop();
        });
      },
    });
  },
});
