import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  kymarosEvidenceReadPermission,
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
} from '@kymaros/plugin-kymaros-common';

/**
 * The demo portal's policy: the owners of an entity (its owner group's
 * members, as the catalog's isEntityOwner sees them) may run its restore
 * tests; everyone signed in may read restore reports and export the audit
 * evidence (of the entities whose reports they may read); every other
 * permission is allowed, as with the allow-all policy.
 */
export class KymarosDemoPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (isPermission(permission, kymarosRestoreTestRunPermission)) {
      if (!user) return { result: AuthorizeResult.DENY };
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    if (
      isPermission(permission, kymarosReportReadPermission) ||
      isPermission(permission, kymarosEvidenceReadPermission)
    ) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
