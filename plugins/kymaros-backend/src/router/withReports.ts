import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import type { KymarosStore } from '../store/KymarosStore';

/**
 * The tests with each one's `limit` newest reports. Only for tests already
 * authorized: an entity page then needs one request, and one permission
 * check, for its tests and their history.
 */
export function withReports(
  store: KymarosStore,
  tests: RestoreTestItem[],
  limit: number,
): Promise<RestoreTestItem[]> {
  return Promise.all(
    tests.map(async test => ({
      ...test,
      reports: await store.listReports(test.id, limit),
    })),
  );
}
