import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A catalog cluster the operator accepts as a restore cluster, at exactly this API server URL. */
export interface AllowedCatalogCluster {
  name: string;
  url: string;
}

const KEY = 'kymaros.catalogClusters';

/**
 * `kymaros.catalogClusters`: anyone who can register a catalog entity can
 * describe a cluster, so a cluster from a `type: catalog` locator is a
 * restore cluster (and is sent credentials) only when listed here with the
 * URL the catalog gives.
 */
export function readCatalogClusters(root: Config): AllowedCatalogCluster[] {
  const seen = new Set<string>();
  return (root.getOptionalConfigArray(KEY) ?? []).map((entry, index) => {
    const at = `${KEY}[${index}]`;
    const name = entry.getString('name');
    const url = entry.getString('url');
    if (!URL.canParse(url))
      throw new InputError(`${at}.url: "${url}" is not a valid URL`);
    if (seen.has(name))
      throw new InputError(`${at}: duplicate cluster name "${name}"`);
    seen.add(name);
    return { name, url };
  });
}
