import type { PermissionsService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  type Permission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';

/** A policy's answer to a user, given the permission and the user's entity ref. */
export type TestPolicy = (
  permission: Permission,
  userEntityRef: string,
) => PolicyDecision;

const catalogRules = Object.values(permissionRules);
const isAuthorized = createConditionAuthorizer<Entity>({
  getRuleByName: name => {
    const rule = catalogRules.find(r => r.name === name);
    if (!rule) throw new Error(`No catalog permission rule ${name}`);
    return rule;
  },
});

/**
 * A PermissionsService that answers as the permission backend would with
 * `policy`: conditional decisions are applied to the request's entity with
 * the catalog's own rules (isEntityOwner, ...); an entity the catalog does
 * not hold matches no condition; a query without an entity gets the policy's
 * decision as it is. Service callers are always allowed, like
 * ServerPermissionClient does for them.
 */
export function permissionsFromPolicy(
  policy: TestPolicy,
  entities: Entity[],
): PermissionsService {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  const auth = mockServices.auth();
  return mockServices.permissions.mock({
    authorize: async (requests, { credentials }) =>
      requests.map(({ permission, resourceRef }) => {
        if (!auth.isPrincipal(credentials, 'user')) {
          return { result: AuthorizeResult.ALLOW };
        }
        const decision = policy(
          permission,
          credentials.principal.userEntityRef,
        );
        if (decision.result !== AuthorizeResult.CONDITIONAL) return decision;
        const entity = resourceRef ? byRef.get(resourceRef) : undefined;
        return {
          result:
            entity && isAuthorized(decision, entity)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }),
    authorizeConditional: async (requests, { credentials }) =>
      requests.map(({ permission }) =>
        auth.isPrincipal(credentials, 'user')
          ? policy(permission, credentials.principal.userEntityRef)
          : { result: AuthorizeResult.ALLOW },
      ) as any,
  });
}
