import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../api';

/** The restore tests of one catalog entity; none without an entity ref. */
export function useEntityTests(entityRef: string | undefined) {
  const api = useApi(kymarosApiRef);
  return useAsyncRetry(
    async (): Promise<RestoreTestItem[]> =>
      entityRef ? api.getTests({ entityRef }) : [],
    [api, entityRef],
  );
}
