import { createBackendModule } from '@backstage/backend-plugin-api';
import { kymarosProvidersExtensionPoint } from '@kymaros/plugin-kymaros-node';
import { createKubeStashProviderFactory } from './kubeStashProviderFactory';

/**
 * Adds the `kubestash` backup provider to Kymaros: tests with
 * `provider: kubestash` restore KubeStash Snapshots into their sandboxes.
 *
 * @public
 */
export const kymarosModuleKubeStash = createBackendModule({
  pluginId: 'kymaros',
  moduleId: 'kubestash',
  register(env) {
    env.registerInit({
      deps: { providers: kymarosProvidersExtensionPoint },
      async init({ providers }) {
        providers.addProvider(createKubeStashProviderFactory());
      },
    });
  },
});
