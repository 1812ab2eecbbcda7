import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
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
        catalog: catalogServiceRef,
        // Has a default (the events bus): hosts without the signals backend simply have no live pages.
        signals: signalsServiceRef,
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
