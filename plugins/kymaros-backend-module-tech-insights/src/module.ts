import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createKymarosFactRetriever } from './retriever/createKymarosFactRetriever';
import {
  FACT_RETRIEVER_CONFIG_KEY,
  readCatalogFilter,
} from './readModuleConfig';

/**
 * Adds the `kymaros-restore-facts` fact retriever to tech-insights, under
 * the name `kymarosRestoreFacts`. Tech-insights schedules a retriever only
 * when `techInsights.factRetrievers.<name>.cadence` is configured.
 *
 * @public
 */
export const techInsightsModuleKymaros = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'kymaros',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
      },
      async init({ config, logger, factRetrievers }) {
        const catalogFilter = readCatalogFilter(config);
        if (!config.has(FACT_RETRIEVER_CONFIG_KEY)) {
          logger.warn(
            `Kymaros facts are not retrieved: set ${FACT_RETRIEVER_CONFIG_KEY}.cadence (e.g. '0 * * * *') for tech-insights to schedule them`,
          );
        }
        factRetrievers.addFactRetrievers({
          kymarosRestoreFacts: createKymarosFactRetriever({ catalogFilter }),
        });
      },
    });
  },
});
