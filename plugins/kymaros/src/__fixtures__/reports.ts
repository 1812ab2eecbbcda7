import type {
  LevelResult,
  RestoreReport,
  RestoreReportStatus,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';

/* Reports modelled on the RestoreReport examples of Kymaros' documentation. */

const level = (
  status: LevelResult['status'],
  points: number,
  maxPoints: number,
  detail: string,
  tested: string[] = [],
  notTested: string[] = [],
  failed: string[] = [],
  notTestedReason?: string,
): LevelResult => ({
  status,
  points,
  maxPoints,
  detail,
  tested,
  failed,
  notTested,
  ...(notTestedReason ? { notTestedReason } : {}),
});

export function makeReport(
  testRef: string,
  name: string,
  status: RestoreReportStatus,
): RestoreReport {
  return {
    apiVersion: 'restore.kymaros.io/v1alpha1',
    kind: 'RestoreReport',
    metadata: {
      name,
      namespace: 'kymaros-system',
      labels: { 'kymaros.io/test': testRef },
      creationTimestamp: status.completedAt,
    },
    spec: { testRef, entityRef: `component:default/${testRef}` },
    status,
  };
}

const emptyCompleteness = {
  deployments: '0/0',
  statefulSets: '0/0',
  services: '0/0',
  secrets: '0/0',
  configMaps: '0/0',
  pvcs: '0/0',
  customResources: '0/0',
};

/** payments-api: everything restored and every check passed. */
export const passingReport = makeReport(
  'payments-api',
  'payments-api-20240315-030012',
  {
    score: 100,
    result: 'pass',
    startedAt: '2024-03-15T03:00:12Z',
    completedAt: '2024-03-15T03:11:47Z',
    cluster: 'restore-tests',
    provider: 'velero',
    rto: {
      measured: '11m35s',
      target: '30m',
      withinSLA: true,
      phases: [
        { name: 'restore', seconds: 402 },
        { name: 'podsReady', seconds: 270 },
        { name: 'checks', seconds: 23 },
      ],
    },
    backup: {
      name: 'payments-api-20240314-230000',
      age: '4h0m12s',
      size: '2.3 GiB',
      phase: 'Completed',
      completedAt: '2024-03-14T23:00:00Z',
    },
    checks: [
      {
        name: 'api-http-ready',
        type: 'httpGet',
        status: 'pass',
        duration: '8s',
        message: 'HTTP 200 received from /healthz',
      },
      {
        name: 'worker-pod-running',
        type: 'podStatus',
        status: 'pass',
        duration: '12s',
        message: '3/3 pods ready',
      },
      {
        name: 'ledger-row-count',
        type: 'query',
        status: 'pass',
        duration: '3s',
        message: 'Query returned 18211 rows (expected at least 1)',
      },
    ],
    completeness: {
      deployments: '3/3',
      statefulSets: '1/1',
      services: '5/5',
      secrets: '4/4',
      configMaps: '2/2',
      pvcs: '1/1',
      customResources: '0/0',
    },
    completenessDetail: [
      {
        kind: 'Deployment',
        namespace: 'payments',
        expected: 3,
        actual: 3,
        missing: [],
      },
      {
        kind: 'StatefulSet',
        namespace: 'payments',
        expected: 1,
        actual: 1,
        missing: [],
      },
      {
        kind: 'Service',
        namespace: 'payments',
        expected: 5,
        actual: 5,
        missing: [],
      },
      {
        kind: 'Secret',
        namespace: 'payments',
        expected: 4,
        actual: 4,
        missing: [],
      },
      {
        kind: 'ConfigMap',
        namespace: 'payments',
        expected: 2,
        actual: 2,
        missing: [],
      },
      {
        kind: 'PersistentVolumeClaim',
        namespace: 'payments',
        expected: 1,
        actual: 1,
        missing: [],
      },
    ],
    validationLevels: {
      restoreIntegrity: level(
        'pass',
        25,
        25,
        'Velero restore completed without errors',
        ['payments-api-20240314-230000'],
      ),
      completeness: level(
        'pass',
        20,
        20,
        'All expected resources found in sandbox',
        [
          'Deployment/api',
          'Deployment/worker',
          'Deployment/scheduler',
          'StatefulSet/payments-postgres',
        ],
      ),
      podStartup: level(
        'pass',
        20,
        20,
        'All pods reached Ready state within 4m30s',
        ['api', 'worker', 'scheduler', 'payments-postgres'],
      ),
      internalHealth: level('pass', 20, 20, '3/3 health checks passed', [
        'api-http-ready',
        'worker-pod-running',
        'ledger-row-count',
      ]),
      crossNamespaceDeps: level(
        'pass',
        10,
        10,
        'No cross-namespace dependencies declared',
      ),
      rtoCompliance: level('pass', 5, 5, '11m35s measured against 30m target', [
        'sla.maxRTO',
      ]),
    },
    sandboxes: [{ source: 'payments', sandbox: 'kymaros-payments-api-x7k2p9' }],
    triggeredBy: 'schedule',
  },
);

/** orders: the database is OOMKilled after the restore; downstream checks are skipped. */
export const failingReport = makeReport('orders', 'orders-20240316-030008', {
  score: 58,
  result: 'fail',
  startedAt: '2024-03-16T03:00:08Z',
  completedAt: '2024-03-16T03:18:33Z',
  cluster: 'restore-tests',
  provider: 'velero',
  rto: {
    measured: '18m25s',
    target: '15m',
    withinSLA: false,
    phases: [
      { name: 'restore', seconds: 781 },
      { name: 'podsReady', seconds: 300 },
      { name: 'checks', seconds: 24 },
    ],
  },
  backup: {
    name: 'orders-daily-20240315-220000',
    age: '5h0m8s',
    size: '8.7 GiB',
    phase: 'Completed',
    completedAt: '2024-03-15T22:00:00Z',
  },
  checks: [
    {
      name: 'postgres-pod-ready',
      type: 'podStatus',
      status: 'fail',
      duration: '5m0s',
      message:
        'Pod orders-postgres-0 did not reach Ready state within timeout: CrashLoopBackOff — OOMKilled',
      attempts: 3,
    },
    {
      name: 'api-http-ready',
      type: 'httpGet',
      status: 'skip',
      duration: '0s',
      message: 'Skipped: postgres-pod-ready failed, downstream checks aborted',
    },
    {
      name: 'worker-pod-running',
      type: 'podStatus',
      status: 'skip',
      duration: '0s',
      message: 'Skipped: postgres-pod-ready failed, downstream checks aborted',
    },
  ],
  completeness: {
    deployments: '2/2',
    statefulSets: '1/1',
    services: '5/5',
    secrets: '4/4',
    configMaps: '2/2',
    pvcs: '1/1',
    customResources: '2/2',
  },
  completenessDetail: [
    {
      kind: 'Deployment',
      namespace: 'orders',
      expected: 2,
      actual: 2,
      missing: [],
    },
    {
      kind: 'StatefulSet',
      namespace: 'orders',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'Service',
      namespace: 'orders',
      expected: 5,
      actual: 5,
      missing: [],
    },
    {
      kind: 'Secret',
      namespace: 'orders',
      expected: 4,
      actual: 4,
      missing: [],
    },
    {
      kind: 'ConfigMap',
      namespace: 'orders',
      expected: 2,
      actual: 2,
      missing: [],
    },
    {
      kind: 'PersistentVolumeClaim',
      namespace: 'orders',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'ServiceMonitor.monitoring.coreos.com',
      namespace: 'orders',
      expected: 2,
      actual: 2,
      missing: [],
    },
  ],
  validationLevels: {
    restoreIntegrity: level(
      'pass',
      25,
      25,
      'Velero restore completed without errors',
      ['orders-daily-20240315-220000'],
    ),
    completeness: level(
      'pass',
      20,
      20,
      'All expected resources found in sandbox',
      ['Deployment/api', 'Deployment/worker', 'StatefulSet/orders-postgres'],
    ),
    podStartup: level(
      'fail',
      13,
      20,
      'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      ['api', 'worker'],
      [],
      ['orders-postgres'],
    ),
    internalHealth: level(
      'fail',
      0,
      20,
      '0/3 checks passed, 2 skipped due to upstream failure',
      [],
      ['api-http-ready', 'worker-pod-running'],
      ['postgres-pod-ready'],
      'Skipped: postgres-pod-ready failed, downstream checks aborted',
    ),
    crossNamespaceDeps: level(
      'skip',
      0,
      10,
      'Skipped: pod startup did not complete',
      [],
      ['shared-redis.platform-infra'],
      [],
      'Skipped: pod startup did not complete',
    ),
    rtoCompliance: level(
      'fail',
      0,
      5,
      '18m25s measured against 15m target — exceeded by 3m25s',
      [],
      [],
      ['sla.maxRTO'],
    ),
  },
  sandboxes: [{ source: 'orders', sandbox: 'kymaros-orders-q81zd3' }],
  regression: {
    previousReport: 'orders-20240315-030011',
    previousScore: 96,
    scoreDelta: -38,
    levels: ['podStartup', 'internalHealth', 'rtoCompliance'],
  },
  triggeredBy: 'schedule',
});

/** catalog-search: restores, but a Secret and a ConfigMap are missing and one check fails. */
export const partialReport = makeReport(
  'catalog-search',
  'catalog-search-20240316-031502',
  {
    score: 84,
    result: 'partial',
    startedAt: '2024-03-16T03:15:02Z',
    completedAt: '2024-03-16T03:24:40Z',
    cluster: 'restore-tests',
    provider: 'velero',
    rto: {
      measured: '9m38s',
      target: '20m',
      withinSLA: true,
      phases: [
        { name: 'restore', seconds: 301 },
        { name: 'podsReady', seconds: 212 },
        { name: 'checks', seconds: 65 },
      ],
    },
    backup: {
      name: 'search-20240316-000000',
      age: '3h15m2s',
      size: '14.1 GiB',
      phase: 'PartiallyFailed',
      completedAt: '2024-03-16T00:00:00Z',
    },
    checks: [
      {
        name: 'es-cluster-health',
        type: 'httpGet',
        status: 'pass',
        duration: '4s',
        message: 'HTTP 200, body matched "status":"(green|yellow)"',
      },
      {
        name: 'search-api-ready',
        type: 'httpGet',
        status: 'pass',
        duration: '2s',
        message: 'HTTP 200 received from /ready',
      },
      {
        name: 'synonyms-loaded',
        type: 'httpGet',
        status: 'fail',
        duration: '31s',
        message:
          'Expected HTTP 200 from /admin/synonyms, got 404 after 3 attempts',
        attempts: 3,
      },
      {
        name: 'index-doc-count',
        type: 'query',
        status: 'skip',
        duration: '0s',
        message: 'Skipped: synonyms-loaded failed, downstream checks aborted',
      },
    ],
    completeness: {
      deployments: '2/2',
      statefulSets: '1/1',
      services: '3/3',
      secrets: '2/3',
      configMaps: '3/4',
      pvcs: '3/3',
      customResources: '0/0',
    },
    completenessDetail: [
      {
        kind: 'Deployment',
        namespace: 'search',
        expected: 2,
        actual: 2,
        missing: [],
      },
      {
        kind: 'StatefulSet',
        namespace: 'search',
        expected: 1,
        actual: 1,
        missing: [],
      },
      {
        kind: 'Service',
        namespace: 'search',
        expected: 3,
        actual: 3,
        missing: [],
      },
      {
        kind: 'Secret',
        namespace: 'search',
        expected: 3,
        actual: 2,
        missing: ['search-es-snapshot-credentials'],
      },
      {
        kind: 'ConfigMap',
        namespace: 'search',
        expected: 4,
        actual: 3,
        missing: ['search-synonyms'],
      },
      {
        kind: 'PersistentVolumeClaim',
        namespace: 'search',
        expected: 3,
        actual: 3,
        missing: [],
      },
    ],
    validationLevels: {
      restoreIntegrity: level(
        'pass',
        25,
        25,
        'Velero restore PartiallyFailed: 2 of 118 items had errors; 98% restored',
        ['search-20240316-000000'],
      ),
      completeness: level(
        'fail',
        14,
        20,
        '2 of 6 kinds incomplete: Secret 2/3, ConfigMap 3/4',
        ['Deployment/search-api', 'StatefulSet/elasticsearch'],
        [],
        [
          'search/Secret/search-es-snapshot-credentials',
          'search/ConfigMap/search-synonyms',
        ],
      ),
      podStartup: level(
        'pass',
        20,
        20,
        'All pods reached Ready state within 3m32s',
        ['search-api', 'indexer', 'elasticsearch-0'],
      ),
      internalHealth: level(
        'fail',
        10,
        20,
        '2/4 checks passed, 1 skipped due to upstream failure',
        ['es-cluster-health', 'search-api-ready'],
        ['index-doc-count'],
        ['synonyms-loaded'],
        'Skipped: synonyms-loaded failed, downstream checks aborted',
      ),
      crossNamespaceDeps: level(
        'pass',
        10,
        10,
        'No cross-namespace dependencies declared',
      ),
      rtoCompliance: level('pass', 5, 5, '9m38s measured against 20m target', [
        'sla.maxRTO',
      ]),
    },
    sandboxes: [{ source: 'search', sandbox: 'kymaros-catalog-search-m3n8vw' }],
    triggeredBy: 'schedule',
  },
);

/**
 * shop: a web tier and its database in two namespaces, restored together.
 * The web tier's database address is rewritten to the database's sandbox;
 * its LoadBalancer, CronJob and Ingress are not reproduced as in
 * production; the report archive's volume has no data in the backup, so
 * its claim is not restored.
 */
export const shopReport = makeReport('shop', 'shop-20240316-040011', {
  score: 98,
  result: 'partial',
  startedAt: '2024-03-16T04:00:11Z',
  completedAt: '2024-03-16T04:07:40Z',
  cluster: 'restore-tests',
  provider: 'velero',
  rto: {
    measured: '7m29s',
    target: '30m',
    withinSLA: true,
    phases: [
      { name: 'restore', seconds: 251 },
      { name: 'podsReady', seconds: 181 },
      { name: 'checks', seconds: 17 },
    ],
  },
  backup: {
    name: 'shop-20240316-010000',
    age: '3h0m11s',
    size: '6.4 GiB',
    phase: 'Completed',
    completedAt: '2024-03-16T01:00:00Z',
  },
  checks: [
    {
      name: 'web-reaches-db',
      type: 'httpGet',
      status: 'pass',
      duration: '2s',
      message: 'HTTP 200 received from /healthz/db',
    },
    {
      name: 'orders-row-count',
      type: 'query',
      status: 'pass',
      duration: '4s',
      message: 'Query returned 5120 rows (expected at least 1)',
    },
  ],
  completeness: {
    deployments: '1/1',
    statefulSets: '1/1',
    services: '2/2',
    secrets: '2/2',
    configMaps: '1/1',
    pvcs: '1/2',
    customResources: '0/0',
  },
  completenessDetail: [
    {
      kind: 'Deployment',
      namespace: 'shop',
      expected: 1,
      actual: 1,
      missing: [],
    },
    { kind: 'Service', namespace: 'shop', expected: 1, actual: 1, missing: [] },
    { kind: 'Secret', namespace: 'shop', expected: 1, actual: 1, missing: [] },
    {
      kind: 'ConfigMap',
      namespace: 'shop',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'PersistentVolumeClaim',
      namespace: 'shop',
      expected: 1,
      actual: 0,
      missing: ['report-archive'],
    },
    {
      kind: 'StatefulSet',
      namespace: 'shop-db',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'Service',
      namespace: 'shop-db',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'Secret',
      namespace: 'shop-db',
      expected: 1,
      actual: 1,
      missing: [],
    },
    {
      kind: 'PersistentVolumeClaim',
      namespace: 'shop-db',
      expected: 1,
      actual: 1,
      missing: [],
    },
  ],
  validationLevels: {
    restoreIntegrity: level(
      'pass',
      25,
      25,
      'Velero restore completed without errors',
      ['shop-20240316-010000'],
    ),
    completeness: level(
      'fail',
      18,
      20,
      '8/9 resources found in sandbox; missing: shop/PersistentVolumeClaim/report-archive',
      ['shop/Deployment/web', 'shop-db/StatefulSet/db'],
      [],
      ['shop/PersistentVolumeClaim/report-archive'],
    ),
    podStartup: level(
      'pass',
      20,
      20,
      'All pods reached Ready state within 3m1s',
      ['web', 'db'],
    ),
    internalHealth: level('pass', 20, 20, '2/2 health checks passed', [
      'web-reaches-db',
      'orders-row-count',
    ]),
    crossNamespaceDeps: level(
      'pass',
      10,
      10,
      'api.payments.svc declared external, reachable',
      ['api.payments.svc'],
    ),
    rtoCompliance: level('pass', 5, 5, '7m29s measured against 30m target', [
      'sla.maxRTO',
    ]),
  },
  sandboxes: [
    { source: 'shop', sandbox: 'kymaros-shop-x7k2p9' },
    { source: 'shop-db', sandbox: 'kymaros-shop-db-x7k2p9' },
  ],
  sandboxFidelity: {
    manifestsRead: true,
    rewrites: [
      {
        object: 'Deployment shop/web',
        field: 'env DB_HOST of container web',
        from: 'db.shop-db.svc.cluster.local',
        to: 'db.kymaros-shop-db-x7k2p9.svc.cluster.local',
      },
      {
        object: 'ConfigMap shop/web-config',
        field: 'data.DATABASE_URL',
        from: 'db.shop-db.svc.cluster.local',
        to: 'db.kymaros-shop-db-x7k2p9.svc.cluster.local',
      },
    ],
    externalReferences: [
      {
        object: 'ConfigMap shop/web-config',
        field: 'data.PAYMENTS_URL',
        reference: 'api.payments.svc',
        namespace: 'payments',
      },
    ],
    transformations: [
      {
        subject: 'Service shop/web',
        change: 'type LoadBalancer → ClusterIP',
        notTested: 'the cloud load balancer and its external address',
      },
      {
        subject: 'CronJob shop/nightly-report',
        change: 'suspended',
        notTested: 'the nightly report run',
      },
      {
        subject: 'Ingress shop/web',
        change: 'not restored',
        notTested: 'routing through the ingress controller and its TLS',
      },
    ],
    volumesNotRestored: [
      {
        claim: 'shop/report-archive',
        volume: 'nfs-report-archive',
        reason: 'no volume data in the backup',
      },
    ],
    quota: {
      requested: { cpu: '1500m', memory: '3Gi', pods: 3 },
      applied: { cpu: '1500m', memory: '3Gi', pods: 10, auto: true },
      auto: true,
    },
  },
  triggeredBy: 'schedule',
});

const skipped = (detail: string): Record<ValidationLevelKey, LevelResult> => ({
  restoreIntegrity: level('skip', 0, 25, detail, [], [], [], detail),
  completeness: level('skip', 0, 20, detail, [], [], [], detail),
  podStartup: level('skip', 0, 20, detail, [], [], [], detail),
  internalHealth: level('skip', 0, 20, detail, [], [], [], detail),
  crossNamespaceDeps: level('skip', 0, 10, detail, [], [], [], detail),
  rtoCompliance: level('skip', 0, 5, detail, [], [], [], detail),
});

/** The cluster could not be reached: not a verdict on the backup. */
export const errorReport = makeReport('orders', 'orders-20240317-030004', {
  score: 0,
  result: 'error',
  startedAt: '2024-03-17T03:00:04Z',
  completedAt: '2024-03-17T03:00:35Z',
  cluster: 'restore-tests',
  provider: 'velero',
  detail:
    'Cluster restore-tests unreachable: connect ECONNREFUSED 10.96.0.1:6443 (3 attempts over 30s)',
  rto: { measured: '31s', target: '15m', withinSLA: false, phases: [] },
  backup: { name: '', age: '', size: '' },
  checks: [],
  completeness: emptyCompleteness,
  validationLevels: skipped('Skipped: the run could not reach the cluster'),
  triggeredBy: 'schedule',
});

/** legacy-reports: there is no backup of its namespace, so nothing could be restored. */
export const failedBeforeScoringReport = makeReport(
  'legacy-reports',
  'legacy-reports-20240316-030000',
  {
    score: 0,
    result: 'fail',
    startedAt: '2024-03-16T03:00:00Z',
    completedAt: '2024-03-16T03:00:02Z',
    cluster: 'restore-tests',
    provider: 'velero',
    detail:
      'No eligible backup: no Completed or PartiallyFailed Velero backup in namespace velero includes namespace reports',
    rto: { measured: '2s', target: '1h', withinSLA: false, phases: [] },
    backup: { name: '', age: '', size: '' },
    checks: [],
    completeness: emptyCompleteness,
    validationLevels: {
      ...skipped('Skipped: nothing was restored'),
      restoreIntegrity: level(
        'fail',
        0,
        25,
        'No backup to restore',
        [],
        ['reports'],
      ),
    },
    triggeredBy: 'schedule',
  },
);

/** An older orders report (score 96) that the failing one regressed from. */
export const previousOrdersReport = makeReport(
  'orders',
  'orders-20240315-030011',
  {
    ...failingReport.status,
    score: 96,
    result: 'pass',
    startedAt: '2024-03-15T03:00:11Z',
    completedAt: '2024-03-15T03:12:52Z',
    rto: { ...failingReport.status.rto, measured: '12m41s', withinSLA: true },
    backup: {
      ...failingReport.status.backup,
      name: 'orders-daily-20240314-220000',
    },
    checks: failingReport.status.checks.map(c => ({
      ...c,
      status: 'pass' as const,
      message: 'OK',
    })),
    validationLevels: {
      ...failingReport.status.validationLevels,
      podStartup: level(
        'pass',
        20,
        20,
        'All pods reached Ready state within 3m10s',
        ['api', 'worker', 'orders-postgres'],
      ),
      internalHealth: level('pass', 20, 20, '3/3 health checks passed', [
        'postgres-pod-ready',
        'api-http-ready',
        'worker-pod-running',
      ]),
      crossNamespaceDeps: level(
        'pass',
        6,
        10,
        'shared-redis.platform-infra declared external, reachable',
      ),
      rtoCompliance: level('pass', 5, 5, '12m41s measured against 15m target', [
        'sla.maxRTO',
      ]),
    },
    regression: undefined,
  },
);

/** orders' kept reports, newest first. */
export const ordersHistory: RestoreReport[] = [
  failingReport,
  previousOrdersReport,
  makeReport('orders', 'orders-20240314-030009', {
    ...previousOrdersReport.status,
    score: 95,
    startedAt: '2024-03-14T03:00:09Z',
    completedAt: '2024-03-14T03:13:20Z',
    rto: { ...previousOrdersReport.status.rto, measured: '13m11s' },
  }),
];

/**
 * The orders report as stored before levels had `failed`: failed items
 * were listed under `tested` and `notTested`.
 */
export const storedBeforeFailedReport = makeReport(
  'orders',
  'orders-20240314-030009',
  {
    ...failingReport.status,
    validationLevels: Object.fromEntries(
      Object.entries(failingReport.status.validationLevels).map(([key, l]) => {
        const { failed, notTestedReason, ...old } = l;
        return [
          key,
          key === 'podStartup'
            ? { ...old, notTested: failed }
            : { ...old, tested: [...failed, ...old.tested] },
        ];
      }),
    ) as unknown as RestoreReportStatus['validationLevels'],
  },
);
