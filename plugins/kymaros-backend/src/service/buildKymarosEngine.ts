import os from 'node:os';
import type {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  HttpRouterService,
  LifecycleService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
  RootInstanceMetadataService,
  RootConfigService,
  SchedulerService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { SignalsService } from '@backstage/plugin-signals-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { EventsService } from '@backstage/plugin-events-node';
import { kymarosPermissions } from '@kymaros/plugin-kymaros-common';
import type {
  BackupProviderFactory,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import { KymarosConfig, readKymarosConfig } from '../config/readKymarosConfig';
import type { ClusterRegistry } from '../clusters/ClusterRegistry';
import {
  ClusterExtensions,
  createClusterRegistry,
} from '../clusters/createClusterRegistry';
import { ProviderRegistry } from '../providers/ProviderRegistry';
import { ProviderFactory } from '../providers/ProviderFactory';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import { CatalogTestSource } from '../definitions/CatalogTestSource';
import { RestoreRunner } from '../run/RestoreRunner';
import { runSignalsPublisher } from '../run/runSignals';
import { combineRunObservers, type RunObserver } from '../run/RunObserver';
import { runEventsPublisher } from '../events/runEvents';
import { runChecksForRun } from '../run/runChecksForRun';
import { TestScheduler } from '../scheduling/TestScheduler';
import { SandboxReaper } from '../reaper/SandboxReaper';
import { createRouter, kymarosAuthPolicies } from '../router/createRouter';
import { createBackupCoverage } from '../backupCoverage/createBackupCoverage';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import { createNotifier } from '../notifications/createNotifier';
import type { Notifier } from '../notifications/Notifier';
import { createOwnerNotifier } from '../notifications/createOwnerNotifier';
import { createRunMetrics } from '../metrics/RunMetrics';
import { scheduleKymarosTasks } from './scheduleKymarosTasks';
import { registerKymarosActions } from '../actions/registerKymarosActions';
import { restoreTabUrlFor } from '../actions/restoreTabUrl';

/** How long shutdown waits for messages being sent. */
const NOTIFIER_SHUTDOWN_MS = 5_000;

/** Namespaces no test may restore from or into, in any cluster. */
const systemNamespaces = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'default',
];

/** The services the plugin depends on, and what backend modules added through its extension points. */
export interface KymarosEngineOptions {
  config: RootConfigService;
  logger: LoggerService;
  database: DatabaseService;
  scheduler: SchedulerService;
  httpRouter: HttpRouterService;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  urlReader: UrlReaderService;
  lifecycle: LifecycleService;
  auditor: AuditorService;
  catalog: CatalogService;
  /** Where the actions for AI assistants and automation are registered. */
  actionsRegistry?: ActionsRegistryService;
  /** Where `kymaros.run.started` / `kymaros.run.completed` are published. */
  events: EventsService;
  /** Where run changes are announced to open portal pages. */
  signals?: SignalsService;
  /** Where the `kymaros.*` instruments are created (docs/metrics.md). */
  metrics?: MetricsService;
  /** Where test owners are told of state changes (`kymaros.notifications.owners`). */
  notifications?: NotificationService;
  /** Tells whether the notifications backend runs beside this plugin. */
  instanceMetadata?: RootInstanceMetadataService;
  providerFactories: readonly BackupProviderFactory[];
  checkTypes: readonly CheckType[];
  /** Cluster suppliers and auth strategies modules added. */
  clusterExtensions?: ClusterExtensions;
}

/** The assembled engine. */
export interface KymarosEngine {
  config: KymarosConfig;
  store: DatabaseKymarosStore;
  clusters: ClusterRegistry;
  providerFactory: ProviderFactory;
  runner: RestoreRunner;
  testScheduler: TestScheduler;
  reaper: SandboxReaper;
  notifier: Notifier;
}

/** Known clusters, providers and check types: the built-in ones and those modules added. */
async function registries(
  options: KymarosEngineOptions,
  kymaros: KymarosConfig,
) {
  const clusters = await createClusterRegistry({
    config: options.config,
    clusters: kymaros.clusters,
    catalog: options.catalog,
    auth: options.auth,
    logger: options.logger,
    extensions: options.clusterExtensions,
  });
  const providers = new ProviderRegistry();
  options.providerFactories.forEach(factory => providers.add(factory));
  const checkTypes = builtInCheckTypes();
  options.checkTypes.forEach(checkType =>
    checkTypes.set(checkType.type, checkType),
  );
  const providerFactory = new ProviderFactory({
    providers,
    clusters,
    logger: options.logger,
    providerConfig: options.config.getOptionalConfig('kymaros.providers'),
  });
  return { clusters, providers, checkTypes, providerFactory };
}

/**
 * Assembles the engine from the plugin's dependencies: store, registries,
 * the catalog test source, runner, scheduler and reaper; serves the API and
 * registers the plugin's tasks and shutdown hook.
 */
export async function buildKymarosEngine(
  options: KymarosEngineOptions,
): Promise<KymarosEngine> {
  const { logger, database } = options;
  const kymaros = readKymarosConfig(options.config);
  const { clusters, providers, checkTypes, providerFactory } = await registries(
    options,
    kymaros,
  );
  const protectedNamespaces = () => [
    ...systemNamespaces,
    ...providerFactory.ownedNamespaces(),
  ];
  const store = await DatabaseKymarosStore.create({
    knex: await database.getClient(),
    skipMigrations: database.migrations?.skip,
  });
  const source = new CatalogTestSource({
    catalog: options.catalog,
    auth: options.auth,
    urlReader: options.urlReader,
    logger,
    limits: {
      entityTimeoutMs: kymaros.catalog.entityTimeoutMs,
      concurrency: kymaros.catalog.concurrency,
    },
    // Definitions are checked against the clusters known at this load.
    context: () => ({
      config: kymaros,
      clusters: clusters.choices(),
      providers: providers.names(),
      checkTypes,
      protectedNamespaces: protectedNamespaces(),
    }),
  });
  // Told of the runs this replica records: each message is sent by one replica.
  const notifier = createNotifier(options.config, logger, clusters);
  const onRunChange =
    options.signals && runSignalsPublisher(options.signals, logger);
  const observers: RunObserver[] = [
    { runRecorded: notifier.onRecorded },
    runEventsPublisher(options.events, logger),
    ...(options.metrics
      ? [createRunMetrics({ metrics: options.metrics, store, logger })]
      : []),
    ...(options.notifications
      ? [
          createOwnerNotifier({
            config: options.config,
            logger,
            notifications: options.notifications,
            instanceMetadata: options.instanceMetadata,
          }),
        ]
      : []),
  ];
  const observer = combineRunObservers(observers, logger);
  const runner = new RestoreRunner({
    store,
    clusters,
    providerFactory,
    runChecks: runChecksForRun(checkTypes, logger),
    logger,
    config: kymaros,
    owner: `${os.hostname()}-${process.pid}`,
    protectedNamespaces: protectedNamespaces(),
    onRecorded: observer.runRecorded,
    onRunChange,
    observer,
  });
  const testScheduler = new TestScheduler({
    scheduler: options.scheduler,
    store,
    loadTests: async () => {
      await clusters.refresh();
      return source.loadAll();
    },
    start: (id, by, onlyIfRequested) => runner.start(id, by, onlyIfRequested),
    logger,
  });
  const reaper = new SandboxReaper({
    store,
    clusters,
    providerFactory,
    logger,
    settleMs: kymaros.timeoutsMs.cleanup / 2,
    historyLimit: kymaros.historyLimit,
    // A run the reaper reports has ended too.
    onRecorded: recorded => {
      observer.runRecorded(recorded);
      onRunChange?.('finished', recorded.test.id);
    },
    observer,
    auditor: options.auditor,
  });
  const engine = {
    config: kymaros,
    store,
    clusters,
    providerFactory,
    runner,
    testScheduler,
    reaper,
    notifier,
  };
  await serveApi(options, engine);
  await startEngine(options, engine);
  return engine;
}

async function serveApi(
  options: KymarosEngineOptions,
  { store, testScheduler, config, clusters, providerFactory }: KymarosEngine,
): Promise<void> {
  const { httpRouter, httpAuth, auth, permissions, catalog, logger } = options;
  options.permissionsRegistry.addPermissions(kymarosPermissions);
  httpRouter.use(
    await createRouter({
      store,
      runner: {
        requestRun: (id, by) => testScheduler.requestRun(id, by),
      },
      httpAuth,
      auth,
      permissions,
      catalog,
      logger,
      auditor: options.auditor,
      reportNamespace: config.reports.namespace,
      backupCoverage: createBackupCoverage({
        store,
        clusters,
        providerFactory,
        logger,
      }),
    }),
  );
  kymarosAuthPolicies.forEach(policy => httpRouter.addAuthPolicy(policy));
  if (options.actionsRegistry)
    registerKymarosActions(options.actionsRegistry, {
      store,
      permissions,
      requestRun: (id, by) => testScheduler.requestRun(id, by),
      auditor: options.auditor,
      restoreTabUrl: restoreTabUrlFor(options.config),
    });
}

async function startEngine(
  options: KymarosEngineOptions,
  { config, clusters, runner, testScheduler, reaper, notifier }: KymarosEngine,
): Promise<void> {
  await scheduleKymarosTasks(options.scheduler, config.schedules, {
    refreshTests: () => testScheduler.refresh(),
    syncSchedules: () => testScheduler.syncSchedules(),
    // Every replica reaps, so each one's cluster list follows the sources too.
    reap: async () => {
      await clusters.refresh();
      await reaper.reap();
    },
  });
  options.lifecycle.addShutdownHook(async () => {
    testScheduler.stop();
    await runner.stop();
    // Messages of the last runs get a moment to leave; retries are not waited for.
    await notifier.stop(NOTIFIER_SHUTDOWN_MS);
  });
}
