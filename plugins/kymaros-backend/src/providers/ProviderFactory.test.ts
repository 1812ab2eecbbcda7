import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  BackupProvider,
  BackupProviderFactory,
} from '@kymaros/plugin-kymaros-node';
import { readKymarosConfig } from '../config/readKymarosConfig';
import { ClusterRegistry } from '../clusters/ClusterRegistry';
import { ProviderRegistry } from './ProviderRegistry';
import { ProviderFactory } from './ProviderFactory';

/** A provider that keeps its objects in the namespace its settings name. */
const toolFactory: BackupProviderFactory = {
  name: 'tool',
  create: ({ config, cluster }) =>
    ({
      name: 'tool',
      cluster,
      settings: config,
      ownedObjects: [
        {
          namespace: config?.getOptionalString('namespace') ?? 'tool-system',
          group: 'tool.example.com',
          plural: 'restores',
        },
      ],
    } as unknown as BackupProvider),
};

function factoryFor(kymaros: object) {
  const root = new ConfigReader({ kymaros });
  const clusters = new ClusterRegistry(readKymarosConfig(root).clusters);
  const providers = new ProviderRegistry();
  providers.add(toolFactory);
  const logger = mockServices.logger.mock();
  const factory = new ProviderFactory({
    providers,
    clusters,
    logger,
    providerConfig: root.getOptionalConfig('kymaros.providers'),
  });
  return { factory, logger, clusters };
}

const shared = { tool: { namespace: 'tools', region: 'eu' } };

describe('ProviderFactory', () => {
  it('hands a provider its settings, the cluster’s merged over the shared ones', () => {
    const { factory, clusters } = factoryFor({
      providers: shared,
      clusters: [
        {
          name: 'a',
          url: 'https://a.example',
          providers: { tool: { namespace: 'tools-a' } },
        },
        { name: 'b', url: 'https://b.example' },
      ],
    });
    const settingsOf = (cluster: string) =>
      (factory.create('tool', cluster, clusters.addressOnly(cluster)) as any)
        .settings;
    expect(settingsOf('a').get()).toEqual({
      namespace: 'tools-a',
      region: 'eu',
    });
    expect(settingsOf('b').get()).toEqual(shared.tool);
  });

  it('lists every supported provider’s own namespaces in every cluster', () => {
    const { factory, clusters } = factoryFor({
      providers: shared,
      clusters: [
        {
          name: 'a',
          url: 'https://a.example',
          providers: { tool: { namespace: 'tools-a' } },
        },
        { name: 'b', url: 'https://b.example' },
      ],
    });
    const builtIn = new ProviderRegistry()
      .supportedNames()
      .flatMap(name =>
        factory
          .create(name, 'a', clusters.addressOnly('a'))
          .ownedObjects.map(owned => owned.namespace),
      );
    expect(factory.ownedNamespaces().sort()).toEqual(
      [...new Set([...builtIn, 'tools-a', 'tools'])].sort(),
    );
  });

  it('leaves out, with one warning, a cluster whose credentials cannot be read', () => {
    const { factory, logger } = factoryFor({
      providers: shared,
      clusters: [
        { name: 'ok', url: 'https://ok.example' },
        { name: 'broken', kubeconfigPath: '/nonexistent/kubeconfig' },
      ],
    });
    expect(factory.ownedNamespaces()).toContain('tools');
    factory.ownedNamespaces();
    const warnings = logger.warn.mock.calls.map(([message]) => message);
    expect(
      warnings.filter(message =>
        message.includes('provider tool uses in cluster broken'),
      ),
    ).toHaveLength(1);
    expect(warnings.join('\n')).toContain('/nonexistent/kubeconfig');
  });
});
