import * as k8s from '@kubernetes/client-node';
import { checkCluster } from '../checks/__testUtils__/cluster';
import { collectEvidence } from './collectEvidence';
import { logCollectionSettings } from './logCollectionSettings';

describe('collectEvidence', () => {
  let cluster: Awaited<ReturnType<typeof checkCluster>>;
  beforeAll(async () => {
    cluster = await checkCluster();
  });
  afterAll(() => cluster.stop());

  const defaults = logCollectionSettings({})!;
  const password = 'hunter2-correct-horse-battery';

  it('keeps each pod log and the sandbox events, with restored Secret values hidden', async () => {
    const ns = await cluster.sandbox('orders');
    await cluster.core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name: 'db-credentials' },
        stringData: { password, user: 'shop' },
      },
    });
    await cluster.app(ns, 'api', {
      annotations: {
        'sim.kymaros.io/log': `starting\nconnecting with ${password}\nready\n`,
      },
    });
    await cluster.app(ns, 'db', {
      annotations: {
        'sim.kymaros.io/start': 'crashloop',
        'sim.kymaros.io/crash-reason': 'OOMKilled',
        'sim.kymaros.io/log': 'out of memory\n',
      },
    });
    await cluster.readyPods(ns, 'api');
    const evidence = await collectEvidence(
      cluster.kc,
      { orders: ns },
      defaults,
      new AbortController().signal,
    );
    const api = evidence.podLogs.find(p => p.podName.startsWith('api-'))!;
    expect(api).toMatchObject({
      namespace: ns,
      sourceNamespace: 'orders',
      phase: 'Running',
    });
    expect(api.containers[0]).toMatchObject({
      name: 'main',
      type: 'container',
      log: 'starting\nconnecting with [redacted]\nready\n',
      truncated: false,
      totalLines: 3,
    });
    expect(JSON.stringify(evidence)).not.toContain(password);
    expect(evidence.podLogs.map(p => p.podName.split('-')[0]).sort()).toEqual([
      'api',
      'db',
    ]);
    expect(evidence.events.length).toBeGreaterThan(0);
    expect(evidence.events[0]).toMatchObject({
      namespace: ns,
      involvedObject: expect.stringMatching(/^\w+\//),
      lastTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(evidence.omitted).toBeUndefined();
  });

  it('keeps the tail of each log as asked, and no events when told not to', async () => {
    const ns = await cluster.sandbox('shop');
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    await cluster.app(ns, 'chatty', {
      annotations: { 'sim.kymaros.io/log': `${lines.join('\n')}\n` },
    });
    await cluster.readyPods(ns, 'chatty');
    const evidence = await collectEvidence(
      cluster.kc,
      { shop: ns },
      { ...defaults, maxLines: 10, includeEvents: false },
      new AbortController().signal,
    );
    const [log] = evidence.podLogs[0].containers;
    expect(log.log).toBe(`${lines.slice(-10).join('\n')}\n`);
    expect(log.truncated).toBe(true);
    expect(evidence.events).toEqual([]);
  });

  it('keeps nothing when the Secrets cannot be read to redact them', async () => {
    const ns = await cluster.sandbox('shop');
    await cluster.app(ns, 'api', {
      annotations: { 'sim.kymaros.io/log': 'hello\n' },
    });
    await cluster.readyPods(ns, 'api');
    const denied = jest
      .spyOn(k8s.CoreV1Api.prototype, 'listNamespacedSecret')
      .mockRejectedValue(
        new k8s.ApiException(
          403,
          'Forbidden',
          '{"message":"secrets is forbidden"}',
          {},
        ),
      );
    try {
      const evidence = await collectEvidence(
        cluster.kc,
        { shop: ns },
        defaults,
        new AbortController().signal,
      );
      expect(evidence).toEqual({
        podLogs: [],
        events: [],
        omitted: [
          "nothing kept: the sandboxes' Secrets could not be read to redact them (HTTP 403: secrets is forbidden)",
        ],
      });
    } finally {
      denied.mockRestore();
    }
  });
});
