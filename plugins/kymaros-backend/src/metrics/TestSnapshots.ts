import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import type { KymarosStore, StoredTest } from '../store/KymarosStore';

/** What the gauges say of a test's latest report, in seconds. */
export interface LatestReportFacts {
  rtoS?: number;
  rtoTargetS?: number;
  backupAgeS?: number;
  rpoTargetS?: number;
}

export interface TestSnapshot {
  tests: StoredTest[];
  /** By report name, for the tests' `lastReportName`s read so far. */
  reports: Map<string, LatestReportFacts>;
}

export interface TestSnapshotsOptions {
  store: Pick<KymarosStore, 'listTests' | 'getReport'>;
  /** A snapshot is reused this long: every gauge of one collection reads it once. */
  ttlMs?: number;
  /** Reports read per snapshot at most; the others on the next ones (start-up with many tests). */
  maxReportReads?: number;
  now?: () => number;
}

const DEFAULT_TTL_MS = 5_000;
const DEFAULT_MAX_REPORT_READS = 200;

/**
 * The stored tests as the gauges read them at collection time, so every
 * replica reports the same values. One query lists the tests; a test's
 * latest report is read once, when its name changes.
 */
export class TestSnapshots {
  private readonly options: Required<TestSnapshotsOptions>;
  private current?: { at: number; snapshot: Promise<TestSnapshot> };
  private reports = new Map<string, LatestReportFacts>();

  constructor(options: TestSnapshotsOptions) {
    this.options = {
      ttlMs: DEFAULT_TTL_MS,
      maxReportReads: DEFAULT_MAX_REPORT_READS,
      now: Date.now,
      ...options,
    };
  }

  get(): Promise<TestSnapshot> {
    const now = this.options.now();
    if (!this.current || now - this.current.at >= this.options.ttlMs) {
      const snapshot = this.read();
      this.current = { at: now, snapshot };
      // A failed read is not reused.
      snapshot.catch(() => {
        if (this.current?.snapshot === snapshot) this.current = undefined;
      });
    }
    return this.current.snapshot;
  }

  /** The next collection reads the store again (a run was just recorded). */
  invalidate(): void {
    this.current = undefined;
  }

  private async read(): Promise<TestSnapshot> {
    const tests = await this.options.store.listTests();
    const reports = new Map<string, LatestReportFacts>();
    const toRead: string[] = [];
    for (const test of tests) {
      const name = test.state.lastReportName;
      if (!name) continue;
      const known = this.reports.get(name);
      if (known) reports.set(name, known);
      else if (toRead.length < this.options.maxReportReads) toRead.push(name);
    }
    for (const name of toRead) {
      const report = await this.options.store.getReport(name);
      if (report) reports.set(name, reportFacts(report));
    }
    // Only the reports still latest are kept: the cache stays one per test.
    this.reports = reports;
    return { tests, reports };
  }
}

const seconds = (ms?: number) =>
  typeof ms === 'number' && Number.isFinite(ms) ? ms / 1000 : undefined;

/** A run that never got through validation measured no RTO: unknown, not zero. */
export function reportFacts(report: RestoreReport): LatestReportFacts {
  const { rto, rpo, backup, validationLevels } = report.status;
  const rtoSkipped = validationLevels?.rtoCompliance?.status === 'skip';
  return {
    rtoS: rtoSkipped ? undefined : seconds(rto?.measuredMs),
    rtoTargetS: seconds(rto?.targetMs),
    backupAgeS: seconds(rpo?.backupAgeMs ?? backup?.ageMs),
    rpoTargetS: seconds(rpo?.targetMs),
  };
}
