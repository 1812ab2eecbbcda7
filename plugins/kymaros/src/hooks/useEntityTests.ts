import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../api';
import { useLiveRefresh } from './useLiveRefresh';

const noop = () => {};

/**
 * The restore tests of one catalog entity, each with its `reports` newest
 * reports if asked (one request for both); none without an entity ref. With
 * `live`, reloaded as runs change (see useLiveRefresh); the previous value
 * stays while a reload is under way.
 */
export function useEntityTests(
  entityRef: string | undefined,
  reports?: number,
  options: { live?: boolean } = {},
) {
  const api = useApi(kymarosApiRef);
  const state = useAsyncRetry(
    async (): Promise<RestoreTestItem[]> =>
      entityRef ? api.getTests({ entityRef, reports }) : [],
    [api, entityRef, reports],
  );
  const live = Boolean(options.live && entityRef);
  const running = Boolean(
    state.value?.some(test => test.status.phase === 'Running'),
  );
  useLiveRefresh(live ? state.retry : noop, live && running);
  return state;
}
