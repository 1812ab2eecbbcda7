import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { metricsServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import type {
  AuthenticationStrategy,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  BackupProviderFactory,
  CheckType,
  kymarosChecksExtensionPoint,
  kymarosClustersExtensionPoint,
  kymarosProvidersExtensionPoint,
} from '@kymaros/plugin-kymaros-node';
import { buildKymarosEngine } from './service/buildKymarosEngine';

/**
 * Kymaros: scheduled restore tests of catalog entities' backups, with reports
 * served under /api/kymaros.
 *
 * @public
 */
export const kymarosPlugin = createBackendPlugin({
  pluginId: 'kymaros',
  register(env) {
    const providerFactories: BackupProviderFactory[] = [];
    const checkTypes: CheckType[] = [];
    env.registerExtensionPoint(kymarosProvidersExtensionPoint, {
      addProvider: factory => providerFactories.push(factory),
    });
    env.registerExtensionPoint(kymarosChecksExtensionPoint, {
      addCheckType: checkType => checkTypes.push(checkType),
    });
    const clusterSuppliers: KubernetesClustersSupplier[] = [];
    const authStrategies = new Map<string, AuthenticationStrategy>();
    env.registerExtensionPoint(kymarosClustersExtensionPoint, {
      addClusterSupplier: supplier => clusterSuppliers.push(supplier),
      addAuthStrategy: (authProvider, strategy) =>
        authStrategies.set(authProvider, strategy),
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
        auditor: coreServices.auditor,
        // In-process by default; with the events backend's bus, every replica's subscribers hear.
        events: eventsServiceRef,
        catalog: catalogServiceRef,
        // Has a default; the MCP actions backend serves these actions as tools.
        actionsRegistry: actionsRegistryServiceRef,
        // Has a default (the events bus): hosts without the signals backend simply have no live pages.
        signals: signalsServiceRef,
        // OpenTelemetry instruments; nothing is exported until the host installs a MeterProvider.
        metrics: metricsServiceRef,
        // Has a default (a client of the notifications backend); owner messages go out when that backend runs here.
        notifications: notificationService,
        instanceMetadata: coreServices.rootInstanceMetadata,
      },
      async init(deps) {
        await buildKymarosEngine({
          ...deps,
          providerFactories,
          checkTypes,
          clusterExtensions: { suppliers: clusterSuppliers, authStrategies },
        });
      },
    });
  },
});
