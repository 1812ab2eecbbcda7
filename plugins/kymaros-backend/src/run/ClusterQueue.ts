import { setTimeout as delay } from 'node:timers/promises';

/** Asks the store for a slot: true (taken), false (lost the test), undefined (still busy). */
export type SlotAttempt = () => Promise<boolean | undefined>;

interface Waiter {
  attempt: SlotAttempt;
  signal: AbortSignal;
  settle(result: { slot?: boolean; error?: unknown }): void;
  onAbort(): void;
}

/**
 * The runs of this replica that wait for a slot in a cluster, in arrival
 * order. Only the first one asks the store, so waiting costs one claim per
 * interval per cluster however many runs wait; a run ending here wakes the
 * queue at once, and the interval covers slots freed on other replicas.
 */
export class ClusterQueue {
  private readonly waiting = new Map<string, Waiter[]>();
  private readonly wakers = new Map<string, AbortController>();

  constructor(private readonly intervalMs: number) {}

  /** Resolves to the attempt's verdict, or undefined once the signal aborts. */
  wait(
    cluster: string,
    attempt: SlotAttempt,
    signal: AbortSignal,
  ): Promise<boolean | undefined> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) {
        resolve(undefined);
        return;
      }
      const waiter: Waiter = {
        attempt,
        signal,
        settle: ({ slot, error }) => {
          signal.removeEventListener('abort', waiter.onAbort);
          if (error !== undefined) reject(error);
          else resolve(slot);
        },
        onAbort: () => {
          this.remove(cluster, waiter);
          waiter.settle({});
          this.wake(cluster);
        },
      };
      signal.addEventListener('abort', waiter.onAbort);
      const queue = this.waiting.get(cluster);
      if (queue) queue.push(waiter);
      else {
        this.waiting.set(cluster, [waiter]);
        void this.serve(cluster);
      }
    });
  }

  /** A slot may have freed in the cluster: the first waiter asks now. */
  wake(cluster: string): void {
    this.wakers.get(cluster)?.abort();
  }

  /** How many runs of this replica wait in the cluster. */
  length(cluster: string): number {
    return this.waiting.get(cluster)?.length ?? 0;
  }

  private async serve(cluster: string): Promise<void> {
    for (;;) {
      const head = this.waiting.get(cluster)?.[0];
      if (!head) {
        this.waiting.delete(cluster);
        return;
      }
      const waker = new AbortController();
      this.wakers.set(cluster, waker);
      let result: { slot?: boolean; error?: unknown };
      try {
        result = { slot: await head.attempt() };
      } catch (error) {
        result = { error: error ?? new Error('slot attempt failed') };
      }
      if (head.signal.aborted) continue; // settled by its abort listener
      if (result.error !== undefined || result.slot !== undefined) {
        this.remove(cluster, head);
        head.settle(result);
        continue;
      }
      await this.pause(waker.signal);
    }
  }

  private async pause(waker: AbortSignal): Promise<void> {
    await delay(this.intervalMs, undefined, { signal: waker }).catch(
      () => undefined,
    );
  }

  private remove(cluster: string, waiter: Waiter): void {
    const queue = this.waiting.get(cluster);
    const index = queue?.indexOf(waiter) ?? -1;
    if (index >= 0) queue!.splice(index, 1);
  }
}
