import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  kymarosReportReadPermission,
  kymarosRestoreTestRunPermission,
  type RestoreReport,
} from '@kymaros/plugin-kymaros-common';
import {
  permissionsFromPolicy,
  type TestPolicy,
} from '../../router/__testUtils__/permissionsFromPolicy';
import { DatabaseKymarosStore } from '../../store/DatabaseKymarosStore';
import { restoreReport, testRecord } from '../../store/__testUtils__/fixtures';
import { registerKymarosActions } from '../registerKymarosActions';
import { recordingAuditor } from '../../util/__testUtils__/recordingAuditor';

/** Member of team-a, which owns orders. */
export const ALICE = 'user:default/alice';
/** Member of team-c, which owns payments. */
export const BOB = 'user:default/bob';
/** May read no restore report. */
export const EVE = 'user:default/eve';

const claims: Record<string, string[]> = {
  [ALICE]: [ALICE, 'group:default/team-a'],
  [BOB]: [BOB, 'group:default/team-c'],
  [EVE]: [EVE],
};

const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner },
  relations: [{ type: 'ownedBy', targetRef: owner }],
});

const ENTITIES = [
  component('orders', 'group:default/team-a'),
  component('payments', 'group:default/team-c'),
  component('broken', 'group:default/team-c'),
];

export const ORDERS = testRecord('component:default/orders', 'orders', {
  owner: 'group:default/team-a',
});
export const ORDERS_DB = testRecord('component:default/orders', 'orders-db', {
  owner: 'group:default/team-a',
});
export const PAYMENTS = testRecord('component:default/payments', 'payments', {
  owner: 'group:default/team-c',
});
export const BROKEN = testRecord('component:default/broken', 'broken', {
  owner: 'group:default/team-c',
  spec: undefined,
  error: 'kymaros.io/schedule: invalid cron "every day"',
});

const HOUR = 3_600_000;

/** Reads are denied to EVE only; runs are for the entity's owners, as the demo policy says. */
const policy: TestPolicy = (permission, user) => {
  if (isPermission(permission, kymarosRestoreTestRunPermission))
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims: claims[user] }),
    );
  if (isPermission(permission, kymarosReportReadPermission) && user === EVE)
    return { result: AuthorizeResult.DENY };
  return { result: AuthorizeResult.ALLOW };
};

/** The latest orders report: pods crash, the backup is older than its RPO target. */
export function failingOrdersReport(completedAt: string): RestoreReport {
  const base = restoreReport(ORDERS.id, 'orders-20261122-030000', {
    score: 60,
    createdAt: completedAt,
    withinSLA: false,
    rpo: {
      backupAge: '30h',
      backupAgeMs: 30 * HOUR,
      target: '24h',
      targetMs: 24 * HOUR,
      withinTarget: false,
    },
  });
  const levels = base.status.validationLevels;
  levels.podStartup = {
    ...levels.podStartup,
    status: 'fail',
    detail:
      '0/1 pods ready (min: 1) after 5m; Pod orders-0 not Ready: CrashLoopBackOff (restarts: 6)',
    failed: ['orders/orders-0'],
    points: 0,
  };
  levels.rtoCompliance = { ...levels.rtoCompliance, status: 'fail', points: 0 };
  return {
    ...base,
    spec: { ...base.spec, entityRef: ORDERS.entityRef },
    status: {
      ...base.status,
      rto: { ...base.status.rto, measured: '20m', measuredMs: 20 * 60_000 },
    },
  };
}

const ago = (hours: number) =>
  new Date(Date.now() - hours * HOUR).toISOString();

/**
 * A store with orders (two tests: one failed 2 hours ago after passing 3
 * days ago, one never run), payments (passed 10 days ago) and broken
 * (invalid), the actions registered in a mock registry, and a recorded run path.
 */
export async function actionsFixture(databases: TestDatabases) {
  const store = await DatabaseKymarosStore.create({
    knex: await databases.init('SQLITE_3'),
  });
  await store.upsertTests([ORDERS, ORDERS_DB, PAYMENTS, BROKEN]);
  const passed = restoreReport(ORDERS.id, 'orders-20261119-030000', {
    createdAt: ago(72),
  });
  await store.insertReport(ORDERS.id, ORDERS.entityRef, passed, 10);
  await store.insertReport(
    ORDERS.id,
    ORDERS.entityRef,
    failingOrdersReport(ago(2)),
    10,
  );
  await store.updateState(ORDERS.id, { phase: 'Completed', lastRunAt: ago(2) });
  const payments = restoreReport(PAYMENTS.id, 'payments-20261112-030000', {
    createdAt: ago(240),
  });
  await store.insertReport(PAYMENTS.id, PAYMENTS.entityRef, payments, 10);
  await store.updateState(PAYMENTS.id, {
    phase: 'Completed',
    lastRunAt: ago(240),
  });
  const { audits, auditor } = recordingAuditor();
  const registry = actionsRegistryServiceMock();
  const requestRun = jest
    .fn<Promise<void>, [string, string]>()
    .mockResolvedValue();
  registerKymarosActions(registry, {
    store,
    permissions: permissionsFromPolicy(policy, ENTITIES),
    requestRun,
    auditor,
    restoreTabUrl: ref => `http://portal.example/restore/${ref}`,
  });
  const invoke = async (name: string, input: JsonObject, user = ALICE) =>
    (
      await registry.invoke({
        id: `test:${name}`,
        input,
        credentials: mockCredentials.user(user),
      })
    ).output as any;
  return { store, registry, requestRun, invoke, audits };
}
