import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  MetricAttributes,
  MetricsService,
} from '@backstage/backend-plugin-api/alpha';
import type { RecordedRun } from '../reports/recordFinishedRun';
import type { FinishedCleanup, RunObserver } from '../run/RunObserver';
import type { KymarosStore } from '../store/KymarosStore';
import {
  ATTR,
  DURATION_BUCKETS_S,
  METRICS,
  type MetricDefinition,
} from './metricDefinitions';
import { registerTestGauges, testAttributes } from './TestGauges';
import { TestSnapshots } from './TestSnapshots';

export interface RunMetricsOptions {
  metrics: MetricsService;
  store: Pick<KymarosStore, 'listTests' | 'getReport'>;
  logger: LoggerService;
  /** How long one read of the store serves the gauges (default 5 s). */
  snapshotTtlMs?: number;
}

const options = (definition: MetricDefinition) => ({
  unit: definition.unit,
  description: definition.description,
});

const histogramOptions = (definition: MetricDefinition) => ({
  ...options(definition),
  advice: { explicitBucketBoundaries: DURATION_BUCKETS_S },
});

/**
 * The plugin's metrics. Counters and histograms count what this replica
 * recorded (Prometheus sums the replicas); the gauges are read from the
 * store at collection time, so every replica reports the same values.
 */
export function createRunMetrics(opts: RunMetricsOptions): RunObserver {
  const { metrics } = opts;
  const snapshots = new TestSnapshots({
    store: opts.store,
    ttlMs: opts.snapshotTtlMs,
  });
  registerTestGauges(metrics, snapshots, opts.logger);
  const runs = metrics.createCounter(METRICS.runs.name, options(METRICS.runs));
  const runDuration = metrics.createHistogram(
    METRICS.runDuration.name,
    histogramOptions(METRICS.runDuration),
  );
  const phaseDuration = metrics.createHistogram(
    METRICS.runPhaseDuration.name,
    histogramOptions(METRICS.runPhaseDuration),
  );
  const cleanupFailures = metrics.createCounter(
    METRICS.cleanupFailures.name,
    options(METRICS.cleanupFailures),
  );

  return {
    runRecorded({ test, report }: RecordedRun) {
      snapshots.invalidate();
      const { status } = report;
      const attributes = testAttributes(
        { ...test, cluster: status.cluster ?? test.cluster },
        status.provider ?? test.spec?.backupSource.provider,
      );
      const withResult = { ...attributes, [ATTR.result]: status.result };
      runs.add(1, withResult);
      const durationS = runSeconds(status.startedAt, status.completedAt);
      if (durationS !== undefined) runDuration.record(durationS, withResult);
      // Phases by where they ran only: per test they would be too many series.
      const where = pick(attributes, [ATTR.cluster, ATTR.provider]);
      for (const phase of status.rto?.phases ?? []) {
        if (Number.isFinite(phase.seconds) && phase.seconds >= 0)
          phaseDuration.record(phase.seconds, {
            ...where,
            [ATTR.runPhase]: phase.name,
          });
      }
    },
    cleanupFinished({ by, cluster, errors }: FinishedCleanup) {
      if (errors.length === 0) return;
      cleanupFailures.add(errors.length, {
        [ATTR.cluster]: cluster,
        [ATTR.cleanupBy]: by,
      });
    },
  };
}

/** From the report's start to its end; undefined when either is unreadable. */
function runSeconds(startedAt: string, completedAt: string) {
  const seconds = (Date.parse(completedAt) - Date.parse(startedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined;
}

function pick(
  attributes: MetricAttributes,
  keys: readonly string[],
): MetricAttributes {
  return Object.fromEntries(
    keys
      .filter(key => attributes[key] !== undefined)
      .map(key => [key, attributes[key]]),
  );
}
