import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import type { StoredTest } from '../store/KymarosStore';
import { scheduleTimeZone } from '../scheduling/scheduleTimeZone';

/** The API view of a stored test; replica and lease details stay internal. */
export function toRestoreTestItem(test: StoredTest): RestoreTestItem {
  const { runId, runOwner, leaseUntil, ...status } = test.state;
  const zone = test.error ? undefined : scheduleTimeZone(test.spec?.schedule);
  return {
    id: test.id,
    name: test.name,
    entityRef: test.entityRef,
    source: test.source,
    ...(test.namespace && { namespace: test.namespace }),
    ...(test.warnings?.length && { warnings: test.warnings }),
    ...(test.spec && { spec: test.spec }),
    status: {
      ...status,
      ...(zone && { scheduleTimeZone: zone }),
      error: test.error,
    },
  };
}
