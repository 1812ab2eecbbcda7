import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { kymarosReportReadPermission } from '@kymaros/plugin-kymaros-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { authorizedEntityRefs } from './authorizedEntityRefs';

/** Which entities' reports the caller may read. */
export type ReadScope =
  | { all: true }
  | { all: false; readable(refs: Iterable<string>): Promise<Set<string>> };

/**
 * One policy query tells whether the caller may read every entity's reports
 * (or none). Only a conditional decision (e.g. owners only) needs the
 * entities themselves, checked in batches (authorizedEntityRefs).
 */
export async function readScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<ReadScope> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: kymarosReportReadPermission }],
    { credentials },
  );
  if (decision?.result === AuthorizeResult.ALLOW) return { all: true };
  if (decision?.result === AuthorizeResult.DENY)
    return { all: false, readable: async () => new Set() };
  return {
    all: false,
    readable: refs =>
      authorizedEntityRefs(
        permissions,
        kymarosReportReadPermission,
        refs,
        credentials,
      ),
  };
}
