import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../api';

/**
 * The restore tests of one catalog entity, each with its `reports` newest
 * reports if asked (one request for both); none without an entity ref.
 */
export function useEntityTests(
  entityRef: string | undefined,
  reports?: number,
) {
  const api = useApi(kymarosApiRef);
  return useAsyncRetry(
    async (): Promise<RestoreTestItem[]> =>
      entityRef ? api.getTests({ entityRef, reports }) : [],
    [api, entityRef, reports],
  );
}
