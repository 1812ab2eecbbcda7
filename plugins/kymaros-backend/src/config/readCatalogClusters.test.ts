import { ConfigReader, JsonValue } from '@backstage/config';
import { readCatalogClusters } from './readCatalogClusters';

const read = (catalogClusters: JsonValue) =>
  readCatalogClusters(new ConfigReader({ kymaros: { catalogClusters } }));

describe('readCatalogClusters', () => {
  it('is empty by default', () => {
    expect(readCatalogClusters(new ConfigReader({}))).toEqual([]);
  });

  it('reads each allowed cluster with its URL', () => {
    expect(read([{ name: 'prod', url: 'https://prod.example.com' }])).toEqual([
      { name: 'prod', url: 'https://prod.example.com' },
    ]);
  });

  it('refuses an entry without a URL, an invalid URL and a duplicate name', () => {
    expect(() => read([{ name: 'prod' }])).toThrow(
      "Missing required config value at 'kymaros.catalogClusters[0].url'",
    );
    expect(() => read([{ name: 'prod', url: 'prod' }])).toThrow(
      'kymaros.catalogClusters[0].url: "prod" is not a valid URL',
    );
    expect(() =>
      read([
        { name: 'a', url: 'https://a.example.com' },
        { name: 'a', url: 'https://b.example.com' },
      ]),
    ).toThrow('kymaros.catalogClusters[1]: duplicate cluster name "a"');
  });
});
