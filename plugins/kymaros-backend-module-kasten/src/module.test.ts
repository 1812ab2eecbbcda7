import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import {
  kymarosProvidersExtensionPoint,
  type BackupProviderFactory,
} from '@kymaros/plugin-kymaros-node';
import { kymarosModuleKasten } from './module';

describe('kymarosModuleKasten', () => {
  it('adds the kasten provider, built from its settings', async () => {
    const added: BackupProviderFactory[] = [];
    await startTestBackend({
      extensionPoints: [
        [kymarosProvidersExtensionPoint, { addProvider: f => added.push(f) }],
      ],
      features: [kymarosModuleKasten],
    });
    expect(added.map(f => f.name)).toEqual(['kasten']);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromClusterAndUser(
      { name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false },
      { name: 'u' },
    );
    const context = {
      kubeConfig,
      cluster: 'c',
      logger: mockServices.logger.mock(),
    };
    const byDefault = added[0].create(context);
    expect(byDefault.displayName).toBe('Kasten K10');
    expect(byDefault.ownedObjects).toEqual([
      {
        namespace: 'kasten-io',
        group: 'actions.kio.kasten.io',
        plural: 'runactions',
        namePrefix: 'kymaros-',
        createOnly: true,
      },
    ]);
    const configured = added[0].create({
      ...context,
      config: new ConfigReader({ namespace: 'k10' }),
    });
    expect(configured.ownedObjects[0].namespace).toBe('k10');
  });
});
