import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { podStatusCheck } from './podStatus';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

describe('podStatus', () => {
  let c: CheckCluster;
  beforeAll(async () => {
    c = await checkCluster();
  });
  afterAll(() => c.stop());

  const check = (podStatus: any) => ({
    name: 'pods',
    type: 'podStatus',
    podStatus,
  });

  it('passes once enough pods are Ready', async () => {
    const ns = await c.sandbox();
    await c.app(ns, 'api', { replicas: 2 });
    await c.readyPods(ns, 'api', 2);
    const outcome = await podStatusCheck.run(
      check({ labelSelector: { app: 'api' }, minReady: 2 }),
      c.context(ns),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message: '2/2 pods ready (min: 2)',
    });
  });

  it('waits for pods that become Ready after a delay instead of judging one snapshot', async () => {
    const ns = await c.sandbox();
    await c.app(ns, 'db', {
      annotations: { 'sim.kymaros.io/start-after': '1500ms' },
    });
    const started = Date.now();
    const outcome = await podStatusCheck.run(
      check({ labelSelector: { app: 'db' }, minReady: 1 }),
      c.context(ns, { timeoutMs: 8000 }),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message: '1/1 pods ready (min: 1)',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('fails on a crash loop, explaining the worst pod', async () => {
    const ns = await c.sandbox();
    await c.app(ns, 'orders-postgres', {
      annotations: {
        'sim.kymaros.io/start': 'crashloop',
        'sim.kymaros.io/crash-reason': 'OOMKilled',
      },
    });
    await c.app(ns, 'orders-api', {});
    const started = Date.now();
    const outcome = await podStatusCheck.run(
      check({ minReady: 2 }),
      c.context(ns, { timeoutMs: 2500 }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^1\/2 pods ready \(min: 2\) after 2\.\ds; Pod orders-postgres-[a-z0-9-]+ not Ready: CrashLoopBackOff — OOMKilled$/,
    );
    // It answers before the runner's hard timeout so that its explanation is kept.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('fails when no pod matches the selector, after a short grace instead of its whole timeout', async () => {
    const ns = await c.sandbox();
    const started = Date.now();
    const outcome = await podStatusCheck.run(
      check({ labelSelector: { app: 'ghost' }, minReady: 1 }),
      c.context(ns, { timeoutMs: 20_000 }),
    );
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toBe(
      `0/0 pods ready (min: 1) after ${
        outcome.message.match(/after (\S+);/)![1]
      }; pods matching app=ghost not found in ${ns}`,
    );
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('says how many pods matched when too few are there at all', async () => {
    const ns = await c.sandbox();
    await c.app(ns, 'solo');
    await c.readyPods(ns, 'solo');
    const outcome = await podStatusCheck.run(
      check({ labelSelector: { app: 'solo' }, minReady: 2 }),
      c.context(ns, { timeoutMs: 1000 }),
    );
    expect(outcome.message).toMatch(
      new RegExp(
        `^1/1 pods ready \\(min: 2\\) after .*; only 1 pod in ${ns} match app=solo$`,
      ),
    );
  });

  it('counts the matching pods of every sandbox when the check names no namespace', async () => {
    const web = await c.sandbox('web');
    const data = await c.sandbox('data');
    await c.app(data, 'db');
    await c.app(web, 'cache');
    await c.app(data, 'cache');
    await c.readyPods(data, 'db');
    await c.readyPods(web, 'cache');
    await c.readyPods(data, 'cache');
    const sandboxes = { web, data };
    await expect(
      podStatusCheck.run(
        check({ labelSelector: { app: 'db' }, minReady: 1 }),
        c.runContext(sandboxes),
      ),
    ).resolves.toEqual({
      status: 'pass',
      message: '1/1 pods ready (min: 1)',
      namespaces: ['data'],
    });
    await expect(
      podStatusCheck.run(
        check({ labelSelector: { app: 'cache' }, minReady: 2 }),
        c.runContext(sandboxes),
      ),
    ).resolves.toEqual({
      status: 'pass',
      message: '2/2 pods ready (min: 2)',
      namespaces: ['web', 'data'],
    });
    const ghost = await podStatusCheck.run(
      check({ labelSelector: { app: 'ghost' }, minReady: 1 }),
      c.runContext(sandboxes, { timeoutMs: 20_000 }),
    );
    expect(ghost).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        new RegExp(
          `; pods matching app=ghost not found in any sandbox \\(searched ${web} \\(web\\), ${data} \\(data\\)\\)$`,
        ),
      ),
      namespaces: ['web', 'data'],
    });
  });

  it('passes minReady 0 but says that nothing matched', async () => {
    const ns = await c.sandbox();
    const outcome = await podStatusCheck.run(
      check({ labelSelector: { app: 'ghost' }, minReady: 0 }),
      c.context(ns),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message: '0/0 pods ready (min: 0); no pod matches app=ghost',
    });
  });

  it('stops waiting when the signal aborts', async () => {
    const ns = await c.sandbox();
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 300);
    await expect(
      podStatusCheck.run(
        check({ labelSelector: { app: 'ghost' }, minReady: 1 }),
        c.context(ns, { signal: controller.signal, timeoutMs: 20_000 }),
      ),
    ).rejects.toThrow('run cancelled');
  });

  it('validates its block', () => {
    expect(
      validateSettings(podStatusCheck, check({ minReady: 1 })),
    ).toBeUndefined();
    expect(
      validateSettings(podStatusCheck, { name: 'p', type: 'podStatus' }),
    ).toBe('podStatus check "p" needs a podStatus block');
    expect(validateSettings(podStatusCheck, check({ minReady: -1 }))).toBe(
      'podStatus.minReady: Number must be greater than or equal to 0',
    );
    expect(validateSettings(podStatusCheck, check({}))).toBe(
      'podStatus.minReady: is required',
    );
    expect(
      validateSettings(
        podStatusCheck,
        check({ minReady: 1, labelSelector: { app: 3 } }),
      ),
    ).toBe('podStatus.labelSelector.app: label values must be strings');
  });
});
