import { ClusterQueue } from './ClusterQueue';

/** A cluster with `free` slots; every attempt is counted. */
function cluster(free: number) {
  const state = { free, attempts: 0 };
  const attempt = async () => {
    state.attempts++;
    if (state.free === 0) return undefined;
    state.free--;
    return true;
  };
  return { state, attempt };
}

describe('ClusterQueue', () => {
  it('lets only the first waiter ask while the cluster is busy, however many wait', async () => {
    const queue = new ClusterQueue(60_000);
    const sim = cluster(0);
    const waits = Array.from({ length: 50 }, () =>
      queue.wait('prod', sim.attempt, new AbortController().signal),
    );
    await new Promise(resolve => setImmediate(resolve));
    expect(queue.length('prod')).toBe(50);
    expect(sim.state.attempts).toBe(1);

    // Three slots free on this replica: the next three go, in order, without waiting for the interval.
    sim.state.free = 3;
    queue.wake('prod');
    await Promise.all(waits.slice(0, 3));
    await new Promise(resolve => setImmediate(resolve));
    expect(queue.length('prod')).toBe(47);
    expect(sim.state.attempts).toBe(5);

    sim.state.free = 47;
    queue.wake('prod');
    await expect(Promise.all(waits)).resolves.toEqual(Array(50).fill(true));
    expect(queue.length('prod')).toBe(0);
  });

  it('asks again after its interval for slots freed elsewhere', async () => {
    const queue = new ClusterQueue(20);
    const sim = cluster(0);
    const wait = queue.wait('prod', sim.attempt, new AbortController().signal);
    setTimeout(() => {
      sim.state.free = 1;
    }, 50);
    await expect(wait).resolves.toBe(true);
    expect(sim.state.attempts).toBeGreaterThan(1);
  });

  it('drops an aborted waiter, first or not, and the next one asks', async () => {
    const queue = new ClusterQueue(60_000);
    const sim = cluster(0);
    const first = new AbortController();
    const second = new AbortController();
    const waits = [
      queue.wait('prod', sim.attempt, first.signal),
      queue.wait('prod', sim.attempt, second.signal),
      queue.wait('prod', sim.attempt, new AbortController().signal),
    ];
    await new Promise(resolve => setImmediate(resolve));
    sim.state.free = 1;
    second.abort();
    first.abort();
    await expect(Promise.all(waits)).resolves.toEqual([
      undefined,
      undefined,
      true,
    ]);
    expect(sim.state.attempts).toBe(2);
  });

  it('hands a failed attempt to its waiter and serves the others', async () => {
    const queue = new ClusterQueue(60_000);
    const signal = new AbortController().signal;
    const failing = queue.wait(
      'prod',
      async () => {
        throw new Error('database gone');
      },
      signal,
    );
    const next = queue.wait('prod', async () => false, signal);
    await expect(failing).rejects.toThrow('database gone');
    await expect(next).resolves.toBe(false);
  });

  it('keeps clusters apart', async () => {
    const queue = new ClusterQueue(60_000);
    const busy = cluster(0);
    const signal = new AbortController().signal;
    void queue.wait('busy', busy.attempt, signal);
    await expect(queue.wait('idle', cluster(1).attempt, signal)).resolves.toBe(
      true,
    );
    expect(queue.length('busy')).toBe(1);
  });
});
