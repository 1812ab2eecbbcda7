import catalogPlugin from '@backstage/plugin-catalog/alpha';
import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import { CatalogIndex } from './CatalogIndex';

/** The catalog page at the same path and route, its filters kept, drawn with a Restore column. */
const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    const filters = inputs.filters.map(filter =>
      filter.get(coreExtensionData.reactElement),
    );
    return originalFactory({
      params: {
        loader: async () => (
          <CatalogIndex
            filters={<>{filters}</>}
            pagination={config.pagination}
          />
        ),
      },
    });
  },
});

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage],
});
