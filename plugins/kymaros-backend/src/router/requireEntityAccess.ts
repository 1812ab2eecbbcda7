import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { kymarosReportReadPermission } from '@kymaros/plugin-kymaros-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { EntityPermission } from './authorizedEntityRefs';

/**
 * Lets a request on one entity's Kymaros data through, else throws.
 *
 * Without `kymaros.report.read` on the entity the answer is the same
 * NotFoundError as for an unknown id, as the catalog does for entities the
 * caller may not read, so the entity's tests do not leak. With read but
 * without `permission` (if given) it is NotAllowedError (403). Both are
 * decided in one authorize call.
 */
export async function requireEntityAccess(options: {
  permissions: PermissionsService;
  credentials: BackstageCredentials;
  /** Absent when the item names no entity: it is then never readable. */
  entityRef: string | undefined;
  notFound: string;
  permission?: EntityPermission;
}): Promise<void> {
  const { permissions, credentials, entityRef, notFound, permission } = options;
  if (entityRef === undefined) throw new NotFoundError(notFound);
  const wanted = permission
    ? [kymarosReportReadPermission, permission]
    : [kymarosReportReadPermission];
  const [read, other] = await permissions.authorize(
    wanted.map(p => ({ permission: p, resourceRef: entityRef })),
    { credentials },
  );
  if (read.result !== AuthorizeResult.ALLOW) throw new NotFoundError(notFound);
  if (permission && other.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `You may not use ${permission.name} on ${entityRef}`,
    );
  }
}
