import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/** A permission checked against one catalog entity, given by its ref. */
export type EntityPermission = ResourcePermission<'catalog-entity'>;

/**
 * Requests per authorize call: the permission backend parses its body with
 * express.json()'s default 100 kB limit, which fits about 500 of them.
 */
export const AUTHORIZE_BATCH_SIZE = 200;

/**
 * The entity refs among `entityRefs` on which the caller holds `permission`.
 * One authorize call per batch, not per entity: the permission backend
 * applies conditional decisions (e.g. the catalog's isEntityOwner) for the
 * whole batch at once.
 */
export async function authorizedEntityRefs(
  permissions: PermissionsService,
  permission: EntityPermission,
  entityRefs: Iterable<string>,
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const refs = [...new Set(entityRefs)];
  const allowed = new Set<string>();
  for (let i = 0; i < refs.length; i += AUTHORIZE_BATCH_SIZE) {
    const batch = refs.slice(i, i + AUTHORIZE_BATCH_SIZE);
    const decisions = await permissions.authorize(
      batch.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );
    batch.forEach((ref, j) => {
      if (decisions[j].result === AuthorizeResult.ALLOW) allowed.add(ref);
    });
  }
  return allowed;
}
