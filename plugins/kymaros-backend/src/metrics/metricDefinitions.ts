/**
 * Every instrument the plugin records, in one list: the instruments are
 * created from it, docs/metrics.md describes it and the monitoring examples
 * are checked against the Prometheus names it yields.
 */

/** Attribute keys (OpenTelemetry style; Prometheus labels swap dots for underscores). */
export const ATTR = {
  testId: 'kymaros.test.id',
  entityRef: 'kymaros.entity.ref',
  cluster: 'kymaros.cluster',
  provider: 'kymaros.provider',
  result: 'kymaros.result',
  testPhase: 'kymaros.test.phase',
  testOutcome: 'kymaros.test.outcome',
  runPhase: 'kymaros.run.phase',
  cleanupBy: 'kymaros.cleanup.by',
} as const;

/** Attributes naming one test: bounded by the tests defined, never per run. */
export const TEST_ATTRS = [
  ATTR.testId,
  ATTR.entityRef,
  ATTR.cluster,
  ATTR.provider,
] as const;

export type InstrumentKind = 'counter' | 'histogram' | 'observableGauge';

export interface MetricDefinition {
  name: string;
  kind: InstrumentKind;
  unit: string;
  description: string;
  attributes: readonly string[];
}

/** Run and phase durations span seconds to hours. */
export const DURATION_BUCKETS_S = [
  1, 5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400,
];

const define = <K extends string>(definitions: Record<K, MetricDefinition>) =>
  definitions;

export const METRICS = define({
  testScore: {
    name: 'kymaros.test.score',
    kind: 'observableGauge',
    unit: '{point}',
    description: 'Score of the test latest run, 0 to 100.',
    attributes: TEST_ATTRS,
  },
  testResult: {
    name: 'kymaros.test.result',
    kind: 'observableGauge',
    unit: '1',
    description:
      'Result of the test latest run: 1 for the result it had, 0 for the other results.',
    attributes: [...TEST_ATTRS, ATTR.result],
  },
  testLastRun: {
    name: 'kymaros.test.last_run.timestamp',
    kind: 'observableGauge',
    unit: 's',
    description:
      'When the test latest run ended, in seconds since the Unix epoch.',
    attributes: TEST_ATTRS,
  },
  testRto: {
    name: 'kymaros.test.rto.measured',
    kind: 'observableGauge',
    unit: 's',
    description:
      'Recovery time measured by the test latest run that reached validation.',
    attributes: TEST_ATTRS,
  },
  testRtoTarget: {
    name: 'kymaros.test.rto.target',
    kind: 'observableGauge',
    unit: 's',
    description: 'The maxRTO target the test latest run was measured against.',
    attributes: TEST_ATTRS,
  },
  testBackupAge: {
    name: 'kymaros.test.backup.age',
    kind: 'observableGauge',
    unit: 's',
    description:
      'Age of the backup the test latest run restored, when its restore started (its recovery point).',
    attributes: TEST_ATTRS,
  },
  testRpoTarget: {
    name: 'kymaros.test.rpo.target',
    kind: 'observableGauge',
    unit: 's',
    description: 'The maxRPO target the test latest run was measured against.',
    attributes: TEST_ATTRS,
  },
  tests: {
    name: 'kymaros.tests',
    kind: 'observableGauge',
    unit: '{test}',
    description:
      'Tests defined, by run phase and latest outcome (invalid, never, or the latest result).',
    attributes: [ATTR.testPhase, ATTR.testOutcome],
  },
  runs: {
    name: 'kymaros.runs',
    kind: 'counter',
    unit: '{run}',
    description: 'Runs recorded by this replica, by result.',
    attributes: [...TEST_ATTRS, ATTR.result],
  },
  runDuration: {
    name: 'kymaros.run.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of the runs recorded by this replica, restore start to validation end.',
    attributes: [...TEST_ATTRS, ATTR.result],
  },
  runPhaseDuration: {
    name: 'kymaros.run.phase.duration',
    kind: 'histogram',
    unit: 's',
    description:
      'Duration of each phase of the runs recorded by this replica, by cluster and provider.',
    // Not per test: phases times tests times buckets would be too many series.
    attributes: [ATTR.cluster, ATTR.provider, ATTR.runPhase],
  },
  cleanupFailures: {
    name: 'kymaros.cleanup.failures',
    kind: 'counter',
    unit: '{object}',
    description:
      'Sandboxes and provider restores a cleanup pass of this replica could not delete (retried by the reaper).',
    attributes: [ATTR.cluster, ATTR.cleanupBy],
  },
});

/**
 * The series names the OpenTelemetry Prometheus exporter gives an
 * instrument: dots become underscores, counters end in `_total`, histograms
 * are `_bucket`, `_sum` and `_count`. No unit suffix is added.
 */
export function prometheusSeries(definition: MetricDefinition): string[] {
  const base = definition.name.replace(/[^a-zA-Z0-9_:]/g, '_');
  switch (definition.kind) {
    case 'counter':
      return [`${base}_total`];
    case 'histogram':
      return [`${base}_bucket`, `${base}_sum`, `${base}_count`];
    default:
      return [base];
  }
}

/** Every series name the plugin exposes through the Prometheus exporter. */
export function allPrometheusSeries(): string[] {
  return Object.values(METRICS).flatMap(prometheusSeries);
}
