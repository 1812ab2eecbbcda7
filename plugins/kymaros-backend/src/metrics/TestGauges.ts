import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  MetricAttributes,
  MetricsService,
  MetricsServiceObservableResult,
} from '@backstage/backend-plugin-api/alpha';
import {
  SUMMARY_OUTCOMES,
  type RestoreResult,
  type RunPhase,
  type SummaryOutcome,
} from '@kymaros/plugin-kymaros-common';
import type { StoredTest } from '../store/KymarosStore';
import { describeError } from '../util/errors';
import { ATTR, METRICS, type MetricDefinition } from './metricDefinitions';
import { SeriesTracker } from './SeriesTracker';
import type {
  LatestReportFacts,
  TestSnapshot,
  TestSnapshots,
} from './TestSnapshots';

const RUN_PHASES: readonly RunPhase[] = [
  'Idle',
  'Running',
  'Completed',
  'Failed',
];

const RESULTS: readonly RestoreResult[] = ['pass', 'partial', 'fail', 'error'];

type Series = Array<{ value: number; attributes: MetricAttributes }>;

/** A test's latest facts as stored, and the series each gauge makes of them. */
interface TestView {
  test: StoredTest;
  attributes: MetricAttributes;
  facts: LatestReportFacts;
}

type Reading = (views: TestView[], snapshot: TestSnapshot) => Series;

/** The attributes naming a test on every per-test series. */
export function testAttributes(
  test: Pick<StoredTest, 'id' | 'entityRef' | 'cluster' | 'spec'>,
  provider = test.spec?.backupSource.provider,
): MetricAttributes {
  return {
    [ATTR.testId]: test.id,
    [ATTR.entityRef]: test.entityRef,
    [ATTR.cluster]: test.cluster,
    ...(provider ? { [ATTR.provider]: provider } : {}),
  };
}

const perTest =
  (value: (view: TestView) => number | undefined): Reading =>
  views =>
    views.flatMap(view => {
      const v = value(view);
      return v === undefined ? [] : [{ value: v, attributes: view.attributes }];
    });

const lastResult: Reading = views =>
  views.flatMap(({ test, attributes }) => {
    const result = test.state.lastResult;
    if (!result) return [];
    return RESULTS.map(r => ({
      value: r === result ? 1 : 0,
      attributes: { ...attributes, [ATTR.result]: r },
    }));
  });

const timestampS = (iso?: string) => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : ms / 1000;
};

function outcome(test: StoredTest): SummaryOutcome {
  if (!test.spec || test.error) return 'invalid';
  return test.state.lastResult ?? 'never';
}

/** Every phase and outcome, zeros included, so a count that drops to 0 says so. */
const testsByState: Reading = (_views, { tests }) => {
  const counts = new Map<string, number>();
  for (const test of tests) {
    const key = `${test.state.phase}/${outcome(test)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return RUN_PHASES.flatMap(phase =>
    SUMMARY_OUTCOMES.map(o => ({
      value: counts.get(`${phase}/${o}`) ?? 0,
      attributes: { [ATTR.testPhase]: phase, [ATTR.testOutcome]: o },
    })),
  );
};

const READINGS: Array<[MetricDefinition, Reading]> = [
  [METRICS.testScore, perTest(({ test }) => test.state.lastScore)],
  [METRICS.testResult, lastResult],
  [
    METRICS.testLastRun,
    perTest(({ test }) => timestampS(test.state.lastRunAt)),
  ],
  [METRICS.testRto, perTest(({ facts }) => facts.rtoS)],
  [METRICS.testRtoTarget, perTest(({ facts }) => facts.rtoTargetS)],
  [METRICS.testBackupAge, perTest(({ facts }) => facts.backupAgeS)],
  [METRICS.testRpoTarget, perTest(({ facts }) => facts.rpoTargetS)],
  [METRICS.tests, testsByState],
];

function testViews(snapshot: TestSnapshot): TestView[] {
  return snapshot.tests.map(test => ({
    test,
    attributes: testAttributes(test),
    facts:
      (test.state.lastReportName &&
        snapshot.reports.get(test.state.lastReportName)) ||
      {},
  }));
}

/**
 * Registers the per-test and per-state gauges, read from the store at
 * collection time. A failed read observes nothing (the last values stay)
 * and is logged once until a read succeeds again.
 */
export function registerTestGauges(
  metrics: MetricsService,
  snapshots: TestSnapshots,
  logger: LoggerService,
): void {
  let failing = false;
  const read = async (): Promise<TestSnapshot | undefined> => {
    try {
      const snapshot = await snapshots.get();
      failing = false;
      return snapshot;
    } catch (e) {
      if (!failing)
        logger.warn(
          `Could not read the tests for metrics: ${describeError(e)}`,
        );
      failing = true;
      return undefined;
    }
  };
  for (const [definition, reading] of READINGS) {
    const tracker = new SeriesTracker();
    metrics
      .createObservableGauge(definition.name, {
        unit: definition.unit,
        description: definition.description,
      })
      .addCallback(async (result: MetricsServiceObservableResult) => {
        const snapshot = await read();
        if (snapshot)
          tracker.observe(result, reading(testViews(snapshot), snapshot));
      });
  }
}
