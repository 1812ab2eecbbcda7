import { createBackendModule } from '@backstage/backend-plugin-api';
import { kymarosProvidersExtensionPoint } from '@kymaros/plugin-kymaros-node';
import { createKastenProviderFactory } from './kastenProviderFactory';

/**
 * Adds the `kasten` backup provider to Kymaros: tests with
 * `kymaros.io/provider: kasten` restore K10 restore points.
 *
 * @public
 */
export const kymarosModuleKasten = createBackendModule({
  pluginId: 'kymaros',
  moduleId: 'kasten',
  register(env) {
    env.registerInit({
      deps: { providers: kymarosProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider(createKastenProviderFactory());
      },
    });
  },
});
