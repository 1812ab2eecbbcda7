/**
 * Coalesces reconcile requests per key and runs them off the write path, as a
 * controller's work queue does, so a store write never re-enters a controller.
 */
export class WorkQueue {
  private readonly pending = new Map<string, () => void>();
  private scheduled = false;
  private stopped = false;

  enqueue(key: string, fn: () => void): void {
    if (this.stopped) return;
    this.pending.set(key, fn);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  private drain() {
    this.scheduled = false;
    const batch = [...this.pending.values()];
    this.pending.clear();
    for (const fn of batch) {
      try {
        fn();
      } catch {
        // A failed reconcile is retried by the next event for the same object.
      }
    }
  }
}
