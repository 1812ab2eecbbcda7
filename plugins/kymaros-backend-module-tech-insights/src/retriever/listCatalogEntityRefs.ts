import { stringifyEntityRef } from '@backstage/catalog-model';
import { getPluginJson } from './pluginFetch';

interface QueryPage {
  items: {
    kind: string;
    metadata: { name: string; namespace?: string };
  }[];
  pageInfo?: { nextCursor?: string };
}

const PAGE_SIZE = 500;
const MAX_PAGES = 1000;

/**
 * Refs of the catalog entities matching a catalog filter (`kind=component`),
 * so that those without a restore test get facts too. Only the three fields
 * of the ref are fetched, a page of 500 at a time.
 */
export async function listCatalogEntityRefs(
  services: Parameters<typeof getPluginJson>[0],
  filter: string,
): Promise<string[]> {
  const refs: string[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    // The cursor carries the filter; the fields are asked for on every page.
    const query = new URLSearchParams({
      ...(cursor ? { cursor } : { filter }),
      fields: 'kind,metadata.name,metadata.namespace',
      limit: String(PAGE_SIZE),
    });
    const body = await getPluginJson<QueryPage>(
      services,
      'catalog',
      `/entities/by-query?${query}`,
    );
    refs.push(
      ...body.items.map(({ kind, metadata }) =>
        stringifyEntityRef({ kind, ...metadata }),
      ),
    );
    cursor = body.pageInfo?.nextCursor;
    if (!cursor) break;
  }
  return refs;
}
