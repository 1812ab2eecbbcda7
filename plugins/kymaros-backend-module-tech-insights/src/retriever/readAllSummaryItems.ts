import type {
  SummaryItem,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import { getPluginJson } from './pluginFetch';

/** The largest page `GET /summary` answers. */
export const SUMMARY_PAGE_SIZE = 500;

/** Pages a run of the retriever will read at most: 500 000 tests. */
const MAX_PAGES = 1000;

/**
 * Every restore test with its latest result, from the Kymaros backend's
 * `GET /summary`, a page of 500 at a time in a stable order (entity ref, then
 * test). One request covers most installations.
 */
export async function readAllSummaryItems(
  services: Parameters<typeof getPluginJson>[0],
): Promise<SummaryItem[]> {
  const items: SummaryItem[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({
      limit: String(SUMMARY_PAGE_SIZE),
      offset: String(items.length),
      sort: 'entityRef',
    });
    const body = await getPluginJson<SummaryResponse>(
      services,
      'kymaros',
      `/summary?${query}`,
    );
    items.push(...body.items);
    if (!body.items.length || items.length >= body.totalItems) break;
  }
  return items;
}
