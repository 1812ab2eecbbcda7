import * as k8s from '@kubernetes/client-node';
import { eventually, simulatorAdmin, statusOf } from '../contract/endpoint';
import { testSimulator } from '../testing';

jest.setTimeout(30_000);

describe('fault injection', () => {
  let t: Awaited<ReturnType<typeof testSimulator>>;
  beforeEach(async () => {
    t = await testSimulator({ timings: { bookmarkIntervalMs: 100000 } });
  });
  afterEach(() => t.sim.stop());

  it('answers matching requests with 5xx and 429 for as many times as asked', async () => {
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
      path: '^/api/v1/namespaces$',
      method: 'GET',
      status: 503,
      times: 2,
    });
    expect((await statusOf(t.core.listNamespace())).code).toBe(503);
    expect((await statusOf(t.core.listNamespace())).code).toBe(503);
    await t.core.listNamespace();
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
      path: '/configmaps',
      status: 429,
      retryAfterSeconds: 7,
      times: 1,
    });
    const throttled = await statusOf(
      t.core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    expect(throttled).toMatchObject({ code: 429, reason: 'TooManyRequests' });
    expect(throttled.details.retryAfterSeconds).toBe(7);
  });

  it('answers 403 Forbidden, as a missing RBAC grant would', async () => {
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
      path: '/namespaces$',
      method: 'POST',
      status: 403,
      times: 1,
    });
    const denied = await statusOf(
      t.core.createNamespace({ body: { metadata: { name: 'denied' } } }),
    );
    expect(denied).toMatchObject({ code: 403, reason: 'Forbidden' });
  });

  it('delays matching requests', async () => {
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', {
      path: '/secrets',
      latencyMs: 400,
      times: 1,
    });
    const start = Date.now();
    await t.core.listNamespacedSecret({ namespace: 'default' });
    expect(Date.now() - start).toBeGreaterThanOrEqual(390);
  });

  it('drops watches, and an informer resumes from its last resourceVersion', async () => {
    const names = new Set<string>();
    const informer = k8s.makeInformer(
      t.kc,
      '/api/v1/namespaces/default/configmaps',
      () => t.core.listNamespacedConfigMap({ namespace: 'default' }),
    );
    informer.on('add', o => names.add(o.metadata!.name!));
    await informer.start();
    await simulatorAdmin(t.kc, 'POST', '/simulator/v1/drop-watches');
    await t.core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'after-drop' } },
    });
    await eventually(
      async () => names.has('after-drop'),
      10_000,
      'event after the drop',
    );
    expect(names.has('after-drop')).toBe(true);
    await informer.stop();
  });

  it('rejects an invalid fault rule with the reason', async () => {
    await expect(
      simulatorAdmin(t.kc, 'POST', '/simulator/v1/faults', { status: 418 }),
    ).rejects.toThrow(/400.*status/);
  });
});
