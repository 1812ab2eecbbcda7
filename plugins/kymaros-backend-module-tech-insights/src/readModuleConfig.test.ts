import { mockServices } from '@backstage/backend-test-utils';
import { DEFAULT_CATALOG_FILTER, readCatalogFilter } from './readModuleConfig';

const read = (catalogFilter: string | number | boolean) =>
  readCatalogFilter(
    mockServices.rootConfig({
      data: { kymaros: { techInsights: { catalogFilter } } },
    }),
  );

describe('readCatalogFilter', () => {
  it('defaults to components', () => {
    expect(readCatalogFilter(mockServices.rootConfig())).toBe(
      DEFAULT_CATALOG_FILTER,
    );
  });

  it('takes a filter of several fields, or false for tested entities only', () => {
    expect(read('kind=component,spec.lifecycle=production')).toBe(
      'kind=component,spec.lifecycle=production',
    );
    expect(read(false)).toBeUndefined();
  });

  it.each([[''], ['kind'], ['kind=component,'], [3], [true]])(
    'refuses %j',
    value => {
      expect(() => read(value)).toThrow(
        /kymaros\.techInsights\.catalogFilter must be/,
      );
    },
  );
});
