import { ConfigReader } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  BackupProviderFactory,
  kymarosProvidersExtensionPoint,
} from '@kymaros/plugin-kymaros-node';
import { kymarosModuleKubeStash } from './module';

function kubeConfig() {
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://127.0.0.1:1' }],
    users: [{ name: 'u', token: 't' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

describe('kymarosModuleKubeStash', () => {
  it('adds the kubestash provider, protecting the configured operator and repository namespaces', async () => {
    const addProvider = jest.fn();
    await startTestBackend({
      extensionPoints: [[kymarosProvidersExtensionPoint, { addProvider }]],
      features: [kymarosModuleKubeStash],
    });
    expect(addProvider).toHaveBeenCalledTimes(1);
    const factory: BackupProviderFactory = addProvider.mock.calls[0][0];
    expect(factory.name).toBe('kubestash');
    const create = (config?: object) =>
      factory.create({
        kubeConfig: kubeConfig(),
        cluster: 'c',
        logger: mockServices.logger.mock(),
        config: config && new ConfigReader(config),
      });
    const defaults = create();
    expect(defaults.displayName).toBe('KubeStash');
    expect(defaults.ownedObjects.map(o => o.namespace)).toEqual(['kubestash']);
    expect(defaults.createBackup).toBeUndefined();
    expect(
      create({
        namespace: 'stash-system',
        repositoryNamespace: 'backups',
      }).ownedObjects.map(o => o.namespace),
    ).toEqual(['stash-system', 'backups']);
  });
});
