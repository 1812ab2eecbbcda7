import { ConfigReader } from '@backstage/config';
import * as k8s from '@kubernetes/client-node';
import { mockServices } from '@backstage/backend-test-utils';
import { createVeleroProviderFactory } from './veleroProviderFactory';

function kubeConfig(): k8s.KubeConfig {
  const config = new k8s.KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'c', server: 'https://c.example' }],
    users: [{ name: 'c' }],
    contexts: [{ name: 'c', cluster: 'c', user: 'c' }],
    currentContext: 'c',
  });
  return config;
}

const namespacesOf = (config?: ConfigReader) =>
  createVeleroProviderFactory()
    .create({
      kubeConfig: kubeConfig(),
      cluster: 'c',
      logger: mockServices.logger.mock(),
      config,
    })
    .ownedObjects.map(owned => owned.namespace);

describe('veleroProviderFactory', () => {
  it('keeps its objects in the configured namespace', () => {
    expect(namespacesOf(new ConfigReader({ namespace: 'backups' }))).toEqual([
      'backups',
      'backups',
      'backups',
      'backups',
    ]);
  });

  it('defaults to the velero namespace', () => {
    expect(namespacesOf()).toEqual(['velero', 'velero', 'velero', 'velero']);
  });
});
