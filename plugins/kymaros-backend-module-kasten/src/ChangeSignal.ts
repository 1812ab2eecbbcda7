/**
 * Wakes a waiting loop when something changed, without losing a change
 * that arrives while the loop is busy (it is remembered until the next wait).
 */
export class ChangeSignal {
  private changed = false;
  private wake?: () => void;

  notify(): void {
    this.changed = true;
    this.wake?.();
  }

  /** Resolves on the next change (at once if one came since the last wait) or after `ms`; rejects when `signal` aborts. */
  next(ms: number, signal: AbortSignal): Promise<void> {
    if (this.changed) {
      this.changed = false;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined = undefined;
      const stopWaiting = () => {
        this.wake = undefined;
      };
      function onAbort() {
        clearTimeout(timer);
        stopWaiting();
        reject(signal.reason);
      }
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        stopWaiting();
        this.changed = false;
        resolve();
      };
      if (signal.aborted) {
        onAbort();
        return;
      }
      timer = setTimeout(done, ms);
      signal.addEventListener('abort', onAbort, { once: true });
      this.wake = done;
    });
  }
}
