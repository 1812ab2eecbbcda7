import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogEntityDeletePermission } from '@backstage/plugin-catalog-common/alpha';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  type PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  kymarosEvidenceReadPermission,
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
} from '@kymaros/plugin-kymaros-common';
import { KymarosDemoPolicy } from './KymarosDemoPolicy';

/** The demo's guest, as the auth backend resolves it from examples/org.yaml. */
const guest: PolicyQueryUser = {
  info: {
    userEntityRef: 'user:default/guest',
    ownershipEntityRefs: [
      'user:default/guest',
      'group:default/team-platform',
      'group:default/team-payments',
    ],
  },
  credentials: mockCredentials.user('user:default/guest'),
};

const ownedBy = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: { owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

/** Applies a conditional decision the way the catalog does. */
const catalogAllows = createConditionAuthorizer<Entity>({
  getRuleByName: name => {
    const rule = Object.values(permissionRules).find(r => r.name === name);
    if (!rule) throw new Error(`No catalog rule ${name}`);
    return rule;
  },
});

describe('KymarosDemoPolicy', () => {
  const policy = new KymarosDemoPolicy();

  it('lets a user run only the restore tests of the entities they own', async () => {
    const decision: PolicyDecision = await policy.handle(
      { permission: kymarosRestoreTestRunPermission },
      guest,
    );
    expect(decision).toMatchObject({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
    });
    expect(
      catalogAllows(
        decision,
        ownedBy('payments-api', 'group:default/team-payments'),
      ),
    ).toBe(true);
    expect(
      catalogAllows(decision, ownedBy('orders', 'group:default/team-orders')),
    ).toBe(false);
  });

  it('lets everyone signed in read restore reports', async () => {
    expect(
      await policy.handle({ permission: kymarosReportReadPermission }, guest),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets everyone signed in export the audit evidence', async () => {
    expect(
      await policy.handle({ permission: kymarosEvidenceReadPermission }, guest),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('denies all three to callers that are not signed in', async () => {
    for (const permission of [
      kymarosRestoreTestRunPermission,
      kymarosReportReadPermission,
      kymarosEvidenceReadPermission,
    ]) {
      expect(await policy.handle({ permission })).toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it('allows every other permission, as the allow-all policy did', async () => {
    expect(
      await policy.handle({ permission: catalogEntityDeletePermission }, guest),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
