import type {
  RestoreTestItem,
  RestoreTestSpec,
} from '@kymaros/plugin-kymaros-common';

export const specFor = (
  namespace: string,
  overrides: Partial<RestoreTestSpec> = {},
): RestoreTestSpec => ({
  backupSource: {
    provider: 'velero',
    backupName: 'latest',
    namespaces: [{ name: namespace }],
  },
  cluster: 'restore-tests',
  schedule: { cron: '0 3 * * *', timezone: 'UTC' },
  sandbox: { namespacePrefix: 'kymaros', networkIsolation: 'strict' },
  sla: { maxRTO: '15m', maxRPO: '24h' },
  historyLimit: 10,
  ...overrides,
});

export const ordersTest: RestoreTestItem = {
  id: 'component:default/orders:orders',
  name: 'orders',
  entityRef: 'component:default/orders',
  source: './kymaros/orders.yaml',
  spec: specFor('orders'),
  status: {
    phase: 'Completed',
    lastRunAt: '2024-03-16T03:00:08Z',
    nextRunAt: '2024-03-17T03:00:00Z',
    lastScore: 58,
    lastResult: 'fail',
    lastReportName: 'orders-20240316-030008',
  },
};

/** A second test of the same entity, restoring its archive namespace. */
export const ordersArchiveTest: RestoreTestItem = {
  id: 'component:default/orders:orders-archive',
  name: 'orders-archive',
  entityRef: 'component:default/orders',
  source: './kymaros/orders.yaml',
  spec: specFor('orders-archive', { sla: { maxRTO: '1h' } }),
  status: {
    phase: 'Idle',
    nextRunAt: '2024-03-17T04:00:00Z',
  },
};

export const invalidTest: RestoreTestItem = {
  id: 'component:default/orders:orders',
  name: 'orders',
  entityRef: 'component:default/orders',
  source: 'annotations',
  status: {
    phase: 'Idle',
    error:
      'kymaros.io/schedule: invalid cron expression "0 25 * * *": hour 25 is out of range (0-23)',
  },
};

export const neverRunTest: RestoreTestItem = {
  ...ordersTest,
  status: { phase: 'Idle', nextRunAt: '2024-03-17T03:00:00Z' },
};

export const runningTest: RestoreTestItem = {
  ...ordersTest,
  status: {
    ...ordersTest.status,
    phase: 'Running',
    step: 'restore',
    runStartedAt: '2024-03-16T10:00:00Z',
  },
};
