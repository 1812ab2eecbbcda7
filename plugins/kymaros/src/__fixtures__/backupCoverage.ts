import type {
  BackupCoverage,
  BackupScheduleItem,
} from '@kymaros/plugin-kymaros-common';

/** ISO 8601 for `hours` before the moment the test file loads, so ages read "3 hours ago". */
export const hoursAgo = (hours: number) =>
  new Date(Date.now() - hours * 3600_000).toISOString();

export const ordersSchedule: BackupScheduleItem = {
  provider: 'velero',
  kind: 'Schedule',
  namespace: 'velero',
  name: 'orders-nightly',
  cron: '0 2 * * *',
  paused: false,
  retention: 'ttl 720h',
  namespaces: ['orders'],
  lastSuccess: { name: 'orders-nightly-20261205020000', at: hoursAgo(3) },
  lastFailure: {
    name: 'orders-nightly-20261204020000',
    at: hoursAgo(27),
    reason: 'BackupStorageLocation default is unavailable',
  },
};

/** orders: backed up nightly, but its archive namespace is in no schedule. */
export const ordersCoverage: BackupCoverage = {
  entityRef: 'component:default/orders',
  testId: 'component:default/orders:orders',
  testName: 'orders',
  provider: 'velero',
  cluster: 'production',
  namespaces: ['orders', 'orders-archive'],
  status: 'no-schedule',
  detail: 'No Velero schedule backs up namespace orders-archive.',
  uncovered: ['orders-archive'],
  schedules: [ordersSchedule],
  rpoTarget: '24h',
  checkedAt: hoursAgo(0),
  canBackUpNow: true,
};

export const paymentsCoverage: BackupCoverage = {
  entityRef: 'component:default/payments-api',
  testId: 'component:default/payments-api:payments-api',
  testName: 'payments-api',
  provider: 'velero',
  cluster: 'production',
  namespaces: ['payments'],
  status: 'covered',
  detail: 'Schedule velero/payments-daily backed up payments 5 hours ago.',
  uncovered: [],
  schedules: [
    {
      provider: 'velero',
      kind: 'Schedule',
      namespace: 'velero',
      name: 'payments-daily',
      cron: '0 2 * * *',
      paused: false,
      retention: 'ttl 720h',
      namespaces: ['payments'],
      lastSuccess: { name: 'payments-daily-20261205020000', at: hoursAgo(5) },
    },
  ],
  rpoTarget: '24h',
  checkedAt: hoursAgo(0),
  canBackUpNow: true,
};

export const searchCoverage: BackupCoverage = {
  entityRef: 'component:default/catalog-search',
  testId: 'component:default/catalog-search:search',
  testName: 'search',
  provider: 'velero',
  cluster: 'production',
  namespaces: ['search'],
  status: 'failing',
  detail: 'Schedule velero/search-hourly is paused.',
  uncovered: [],
  schedules: [
    {
      provider: 'velero',
      kind: 'Schedule',
      namespace: 'velero',
      name: 'search-hourly',
      cron: '@hourly',
      paused: true,
      namespaces: ['search'],
    },
  ],
  checkedAt: hoursAgo(0),
  canBackUpNow: true,
};

export const analyticsCoverage: BackupCoverage = {
  entityRef: 'component:default/analytics-pipeline',
  testId: 'component:default/analytics-pipeline:analytics',
  testName: 'analytics',
  provider: 'kasten',
  cluster: 'production',
  namespaces: ['analytics'],
  status: 'stale',
  detail:
    'The newest backup of analytics is 3 days old, past the 24h RPO target.',
  uncovered: [],
  schedules: [],
  rpoTarget: '24h',
  checkedAt: hoursAgo(0),
  canBackUpNow: false,
};

export const storefrontCoverage: BackupCoverage = {
  entityRef: 'component:default/storefront-web',
  testId: 'component:default/storefront-web:storefront',
  testName: 'storefront',
  provider: 'kubestash',
  cluster: 'production',
  namespaces: ['storefront'],
  status: 'unknown',
  detail: 'The cluster production could not be read: connection refused.',
  uncovered: [],
  schedules: [],
  checkedAt: hoursAgo(0),
  canBackUpNow: false,
};
