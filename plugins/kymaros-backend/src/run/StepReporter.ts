import { sleep } from '../kube/poll';

/** Least time between two writes of one run's step. */
const DEFAULT_INTERVAL_MS = 1000;

/**
 * Writes a run's current step to the store, for the portal to show: one write
 * at a time, at most one per interval, always the latest step. Restore progress
 * changes the step with every batch of items; written one by one, a hundred
 * runs at once queued thousands of writes and spent most of their database
 * time on them. Nothing is written after `close`, so a late step can never
 * land on a test whose run has finished.
 */
export class StepReporter {
  private latest?: string;
  private writing?: Promise<void>;
  private lastWriteAt = -Infinity;
  private readonly closing = new AbortController();

  constructor(
    private readonly write: (step: string) => Promise<void>,
    private readonly intervalMs = DEFAULT_INTERVAL_MS,
  ) {}

  report(step: string): void {
    if (this.closing.signal.aborted) return;
    this.latest = step;
    this.writing ??= this.flush().finally(() => {
      this.writing = undefined;
      if (this.latest !== undefined) this.report(this.latest);
    });
  }

  /** Stops writing; resolves once a write already sent is answered. */
  async close(): Promise<void> {
    this.closing.abort();
    await this.writing;
  }

  private async flush(): Promise<void> {
    const wait = this.lastWriteAt + this.intervalMs - Date.now();
    if (wait > 0) {
      const closed = await sleep(wait, this.closing.signal).then(
        () => false,
        () => true,
      );
      if (closed) return;
    }
    const step = this.latest!;
    this.latest = undefined;
    this.lastWriteAt = Date.now();
    await this.write(step).catch(() => undefined);
  }
}
