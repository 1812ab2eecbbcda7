import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { EntityPermission } from '../router/authorizedEntityRefs';
import { parseEntityRefParam } from '../router/parseQuery';
import { requireEntityAccess } from '../router/requireEntityAccess';
import type { StoredTest } from '../store/KymarosStore';
import type { KymarosActionDeps } from './KymarosActionDeps';

/**
 * The tests of the entity `entityRef` names, once the caller may read them
 * (and holds `permission` on the entity, if given). The ref is checked as
 * the HTTP API checks `?entityRef=`; its name matches in any letter case, as
 * the catalog's names do. An entity without tests and one the caller may not
 * read get the same NotFoundError, so neither is told apart.
 */
export async function resolveEntityTests(
  deps: Pick<KymarosActionDeps, 'store' | 'permissions'>,
  credentials: BackstageCredentials,
  entityRef: string,
  permission?: EntityPermission,
): Promise<{ entityRef: string; tests: StoredTest[] }> {
  const wanted = parseEntityRefParam(entityRef)!;
  const stored = (await deps.store.listTestedEntityRefs()).find(
    ref => ref.toLocaleLowerCase('en-US') === wanted.toLocaleLowerCase('en-US'),
  );
  await requireEntityAccess({
    permissions: deps.permissions,
    credentials,
    entityRef: stored,
    notFound: `No restore tests for ${wanted}`,
    permission,
  });
  return {
    entityRef: stored!,
    tests: await deps.store.listTests({ entityRef: stored }),
  };
}
