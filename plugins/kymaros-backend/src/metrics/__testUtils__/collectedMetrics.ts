import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import {
  AggregationTemporality,
  DataPointType,
  MeterProvider,
  MetricReader,
  type MetricData,
} from '@opentelemetry/sdk-metrics';

/** A reader that collects on demand, cumulative like the Prometheus exporter. */
class TestReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
    });
  }
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

export interface Point {
  attributes: Record<string, unknown>;
  /** A number, or a histogram's count and sum. */
  value: number | { count: number; sum: number };
}

/**
 * A MetricsService over a real OpenTelemetry meter (as the backend's default
 * one is), with the recorded points at hand.
 */
export function collectedMetrics() {
  const reader = new TestReader();
  const provider = new MeterProvider({ readers: [reader] });
  const meter = provider.getMeter('backstage-plugin-kymaros');
  const metrics: MetricsService = {
    createCounter: (name, opts) => meter.createCounter(name, opts),
    createUpDownCounter: (name, opts) => meter.createUpDownCounter(name, opts),
    createHistogram: (name, opts) => meter.createHistogram(name, opts),
    createGauge: (name, opts) => meter.createGauge(name, opts),
    createObservableCounter: (name, opts) =>
      meter.createObservableCounter(name, opts),
    createObservableUpDownCounter: (name, opts) =>
      meter.createObservableUpDownCounter(name, opts),
    createObservableGauge: (name, opts) =>
      meter.createObservableGauge(name, opts),
  };

  /** Every instrument's data of one collection, by name. */
  async function collect(): Promise<Map<string, MetricData>> {
    const { resourceMetrics, errors } = await reader.collect();
    if (errors.length) throw errors[0];
    const byName = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics)
      for (const metric of scope.metrics)
        byName.set(metric.descriptor.name, metric);
    return byName;
  }

  /** The points of one instrument in a fresh collection. */
  async function points(name: string): Promise<Point[]> {
    const metric = (await collect()).get(name);
    if (!metric) return [];
    return metric.dataPoints.map(point => ({
      attributes: point.attributes,
      value:
        metric.dataPointType === DataPointType.HISTOGRAM
          ? {
              count: (point.value as { count: number }).count,
              sum: (point.value as { sum?: number }).sum ?? 0,
            }
          : (point.value as number),
    }));
  }

  return { metrics, collect, points, shutdown: () => provider.shutdown() };
}
