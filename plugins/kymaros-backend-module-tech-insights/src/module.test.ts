import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { techInsightsModuleKymaros } from './module';

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

async function start(config: ConfigData) {
  const addFactRetrievers = jest.fn();
  const logger = mockServices.logger.mock();
  await startTestBackend({
    extensionPoints: [
      [techInsightsFactRetrieversExtensionPoint, { addFactRetrievers }],
    ],
    features: [
      techInsightsModuleKymaros,
      mockServices.rootConfig.factory({ data: config }),
      logger.factory,
    ],
  });
  return { addFactRetrievers, logger };
}

describe('techInsightsModuleKymaros', () => {
  it('adds the kymaros-restore-facts retriever under the name kymarosRestoreFacts', async () => {
    const { addFactRetrievers, logger } = await start({
      techInsights: {
        factRetrievers: { kymarosRestoreFacts: { cadence: '0 * * * *' } },
      },
    });
    expect(addFactRetrievers).toHaveBeenCalledWith({
      kymarosRestoreFacts: expect.objectContaining({
        id: 'kymaros-restore-facts',
        schema: expect.objectContaining({
          restoreScore: expect.objectContaining({ type: 'integer' }),
          lastRestoreTestAt: expect.objectContaining({ type: 'datetime' }),
        }),
      }),
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('warns that nothing is scheduled without a cadence', async () => {
    const { logger } = await start({});
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'techInsights.factRetrievers.kymarosRestoreFacts.cadence',
      ),
    );
  });

  it('refuses a malformed catalog filter, naming the key', async () => {
    await expect(
      start({ kymaros: { techInsights: { catalogFilter: 'component' } } }),
    ).rejects.toThrow(
      /kymaros\.techInsights\.catalogFilter must be a catalog filter.*"component"/,
    );
  });
});
