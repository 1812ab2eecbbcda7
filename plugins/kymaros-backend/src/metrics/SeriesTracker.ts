import type {
  MetricAttributes,
  MetricsServiceObservableResult,
} from '@backstage/backend-plugin-api/alpha';

/**
 * Observes one gauge's series and marks those that went away (a test
 * removed, or moved to another cluster) with NaN: under the cumulative
 * temporality Prometheus needs, the OpenTelemetry SDK keeps repeating a
 * series' last value after its callback stops observing it, so a removed
 * failing test would keep firing alerts. NaN compares false in PromQL.
 * Retired series are marked at every collection (each reader collects on
 * its own); there are as many as test attribute sets this process has seen.
 */
export class SeriesTracker {
  private live = new Map<string, MetricAttributes>();
  private readonly retired = new Map<string, MetricAttributes>();

  observe(
    result: MetricsServiceObservableResult,
    series: Array<{ value: number; attributes: MetricAttributes }>,
  ): void {
    const live = new Map<string, MetricAttributes>();
    for (const { value, attributes } of series) {
      const key = seriesKey(attributes);
      live.set(key, attributes);
      this.retired.delete(key);
      result.observe(value, attributes);
    }
    for (const [key, attributes] of this.live) {
      if (!live.has(key)) this.retired.set(key, attributes);
    }
    this.live = live;
    for (const attributes of this.retired.values()) {
      result.observe(NaN, attributes);
    }
  }
}

function seriesKey(attributes: MetricAttributes): string {
  return JSON.stringify(
    Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)),
  );
}
