import { pollUntil, sleep } from './poll';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await sleep(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });

  it('rejects with the abort reason at once', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('rejects when already aborted', async () => {
    await expect(
      sleep(10, AbortSignal.abort(new Error('gone'))),
    ).rejects.toThrow('gone');
  });
});

describe('pollUntil', () => {
  it('returns the first value the probe gives', async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => (++calls === 3 ? 'done' : undefined),
      {
        signal: new AbortController().signal,
        deadline: Date.now() + 5000,
        initialIntervalMs: 10,
      },
    );
    expect(value).toBe('done');
    expect(calls).toBe(3);
  });

  it('gives undefined after the deadline, having probed at the deadline', async () => {
    const times: number[] = [];
    const deadline = Date.now() + 150;
    const value = await pollUntil(
      async () => {
        times.push(Date.now());
        return undefined;
      },
      { signal: new AbortController().signal, deadline, initialIntervalMs: 40 },
    );
    expect(value).toBeUndefined();
    expect(times[times.length - 1]).toBeGreaterThanOrEqual(deadline - 5);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled')), 30);
    await expect(
      pollUntil(async () => undefined, {
        signal: controller.signal,
        deadline: Date.now() + 10_000,
        initialIntervalMs: 10,
      }),
    ).rejects.toThrow('cancelled');
  });

  it('without a deadline, polls at a fixed interval until the probe answers', async () => {
    let calls = 0;
    const value = await pollUntil(
      async () => (++calls === 4 ? calls : undefined),
      { initialIntervalMs: 5, backoff: 1 },
    );
    expect(value).toBe(4);
  });
});
