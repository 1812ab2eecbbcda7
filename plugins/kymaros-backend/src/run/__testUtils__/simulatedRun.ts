import { mockServices } from '@backstage/backend-test-utils';
import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import { VeleroProvider } from '../../providers/velero/VeleroProvider';
import knexFactory from 'knex';
import { DatabaseKymarosStore } from '../../store/DatabaseKymarosStore';
import { runOwnership } from '../../ownership/runOwnership';
import { buildReportStatus } from '../../reports/buildReportStatus';
import {
  executeRun as executeRunFacts,
  type RunDependencies,
  type RunTarget,
} from '../executeRun';

/** A test of the namespace `shop`, restored from its latest Velero backup. */
export const spec: RestoreTestSpec = {
  backupSource: {
    provider: 'velero',
    backupName: 'latest',
    namespaces: [{ name: 'shop' }],
  },
  schedule: { cron: '0 3 * * *' },
  sandbox: { namespacePrefix: 'kymaros', networkIsolation: 'strict' },
  sla: { maxRTO: '10m' },
  podReadyTimeout: '5s',
  historyLimit: 10,
};

/** A ConfigMap and a one-replica Deployment in `shop`. */
export const objects = [
  {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'shop' },
    data: { a: '1' },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'web:1' }] },
      },
    },
  },
];

export const target: RunTarget = {
  testId: 'component:default/shop:shop',
  testName: 'shop',
  entityRef: 'component:default/shop',
  spec,
};

/**
 * A simulator holding `shop` and its backup `b` (with the backup's
 * simulator annotations), and the dependencies of one run on a fresh store.
 */
export async function setup(
  annotations: Record<string, string> = {},
  runId = 'r1',
  extraObjects: object[] = [],
) {
  const t = await testSimulator({
    scenario: {
      objects: [...objects, ...extraObjects],
      backups: [{ name: 'b', includedNamespaces: ['shop'], annotations }],
    } as any,
  });
  const store = await DatabaseKymarosStore.create({
    knex: knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    }),
  });
  const provider = new VeleroProvider({
    kubeConfig: t.kc,
    namespace: 'velero',
    logger: mockServices.logger.mock(),
  });
  const deps: RunDependencies = {
    kubeConfig: t.kc,
    provider,
    runChecks: async () => [],
    onStep: () => {},
    logger: mockServices.logger.mock(),
    timeoutsMs: {
      sandbox: 10_000,
      restore: 3_000,
      checks: 10_000,
      cleanup: 10_000,
    },
    sandboxExpiresAt: new Date(Date.now() + 3600_000),
    autoQuotaMax: { cpu: '16', memory: '64Gi', pods: 100, storage: '500Gi' },
    protectedNamespaces: ['kube-system', 'default', 'velero'],
    ...runOwnership({
      store,
      kubeConfig: t.kc,
      provider,
      logger: mockServices.logger.mock(),
      cluster: 'sim',
      runId,
      testId: target.testId,
      expiresAt: new Date(Date.now() + 3600_000),
      settleMs: 5_000,
    }),
  };
  const leftovers = async () => ({
    sandboxes: (
      await t.core.listNamespace({
        labelSelector: 'kymaros.io/managed-by=kymaros-backstage',
      })
    ).items.map(n => n.metadata!.name),
    restores: (
      (await t.custom.listNamespacedCustomObject(t.velero('restores'))) as any
    ).items.map((r: any) => r.metadata.name),
  });
  return { t, deps, store, leftovers };
}

/** The run and the status its report gets. */
export async function executeRun(...args: Parameters<typeof executeRunFacts>) {
  const { facts, incomplete } = await executeRunFacts(...args);
  const status = buildReportStatus(facts, {
    cluster: 'sim',
    provider: args[2].provider.name,
  });
  return { status, incomplete };
}
