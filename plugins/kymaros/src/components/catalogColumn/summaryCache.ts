import type { KymarosApi } from '../../api';
import {
  indexByEntity,
  loadSummaryItems,
  type SummaryIndex,
} from '../../lib/summaryIndex';

/** How long one read of the summary serves the catalog table. */
export const SUMMARY_CACHE_MS = 30_000;

/**
 * One summary read shared by every row of a table: the rows render at once
 * and all ask; the first starts the read, the others wait for it. A failed
 * read is not kept, so the next render tries again.
 */
export function createSummaryCache(now: () => number = Date.now) {
  let cached: { api: KymarosApi; at: number; index: Promise<SummaryIndex> };
  return {
    get(api: KymarosApi): Promise<SummaryIndex> {
      if (cached?.api === api && now() - cached.at < SUMMARY_CACHE_MS) {
        return cached.index;
      }
      const index = loadSummaryItems(api).then(({ items }) =>
        indexByEntity(items),
      );
      const entry = { api, at: now(), index };
      cached = entry;
      index.catch(() => {
        if (cached === entry) cached.at = -Infinity;
      });
      return index;
    },
  };
}

export type SummaryCache = ReturnType<typeof createSummaryCache>;
