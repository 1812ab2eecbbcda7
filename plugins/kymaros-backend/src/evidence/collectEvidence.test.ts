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
  const request = {
    sandboxes: {},
    logs: defaults,
    troubled: false,
    failedChecks: [],
  };

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
      { ...request, sandboxes: { orders: ns } },
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
    // The failing pod first.
    expect(evidence.podLogs.map(p => p.podName.split('-')[0])).toEqual([
      'db',
      'api',
    ]);
    expect(evidence.events.length).toBeGreaterThan(0);
    expect(evidence.events[0]).toMatchObject({
      namespace: ns,
      involvedObject: expect.stringMatching(/^\w+\//),
      lastTimestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    expect(evidence.omitted).toBeUndefined();
  });

  /** Resolves once a pod of `app=<name>` has crashed at least once. */
  async function crashedPod(ns: string, name: string) {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const pods = await cluster.core.listNamespacedPod({
        namespace: ns,
        labelSelector: `app=${name}`,
      });
      const crashed = pods.items.find(p =>
        p.status?.containerStatuses?.some(c => c.lastState?.terminated),
      );
      if (crashed) return crashed;
      if (Date.now() > deadline) throw new Error(`${name} never crashed`);
      await new Promise(r => setTimeout(r, 50));
    }
  }

  it('describes a crashing pod as kubectl would, even with log collection off: its state, conditions, last termination, restarts and the events', async () => {
    const ns = await cluster.sandbox('orders');
    await cluster.app(ns, 'api');
    await cluster.app(ns, 'postgres', {
      annotations: {
        'sim.kymaros.io/start': 'crashloop',
        'sim.kymaros.io/crash-reason': 'OOMKilled',
        'sim.kymaros.io/log': 'out of memory\n',
      },
    });
    await cluster.readyPods(ns, 'api');
    await crashedPod(ns, 'postgres');
    const evidence = await collectEvidence(
      cluster.kc,
      {
        ...request,
        sandboxes: { orders: ns },
        logs: undefined,
        troubled: true,
      },
      new AbortController().signal,
    );
    expect(evidence.podLogs).toHaveLength(1);
    const [db] = evidence.podLogs;
    expect(db).toMatchObject({
      podName: expect.stringMatching(/^postgres-/),
      phase: 'Running',
      ready: false,
      problem: 'CrashLoopBackOff — OOMKilled',
      restartCount: expect.any(Number),
      containers: [],
    });
    expect(db.restartCount).toBeGreaterThan(0);
    expect(db.conditions).toContainEqual(
      expect.objectContaining({ type: 'Ready', status: 'False' }),
    );
    expect(db.containerStates).toEqual([
      expect.objectContaining({
        name: 'main',
        init: false,
        ready: false,
        state: expect.objectContaining({
          state: 'waiting',
          reason: 'CrashLoopBackOff',
        }),
        lastTermination: expect.objectContaining({
          state: 'terminated',
          reason: 'OOMKilled',
          exitCode: 137,
        }),
      }),
    ]);
    expect(evidence.events.some(e => e.reason === 'BackOff')).toBe(true);
  });

  it("keeps a crashed container's previous log, failing pods first", async () => {
    const ns = await cluster.sandbox('orders');
    await cluster.app(ns, 'api');
    await cluster.app(ns, 'zz-db', {
      annotations: {
        'sim.kymaros.io/start': 'crashloop',
        'sim.kymaros.io/crash-reason': 'OOMKilled',
        'sim.kymaros.io/log': 'LOG: killed by signal 9\n',
      },
    });
    await cluster.readyPods(ns, 'api');
    await crashedPod(ns, 'zz-db');
    const evidence = await collectEvidence(
      cluster.kc,
      { ...request, sandboxes: { orders: ns } },
      new AbortController().signal,
    );
    const [db, api] = evidence.podLogs;
    expect(db.podName).toMatch(/^zz-db-/);
    expect(api).toMatchObject({ ready: true });
    expect(api.problem).toBeUndefined();
    expect(db.containers.map(c => c.type)).toEqual(['container', 'previous']);
    expect(db.containers[1].log).toContain('killed by signal 9');
  });

  it('names the pods each failed check targets: a podStatus selector, the pods behind an httpGet Service', async () => {
    const ns = await cluster.sandbox('shop');
    await cluster.app(ns, 'web');
    await cluster.app(ns, 'db');
    await cluster.service(ns, 'web-svc', [{ port: 80 }], { app: 'web' });
    await cluster.readyPods(ns, 'web');
    await cluster.readyPods(ns, 'db');
    const evidence = await collectEvidence(
      cluster.kc,
      {
        ...request,
        sandboxes: { shop: ns },
        failedChecks: [
          {
            result: {
              name: 'db-up',
              type: 'podStatus',
              namespace: 'shop',
              status: 'fail',
              duration: '1s',
              message: '0/1 pods ready',
            },
            definition: {
              name: 'db-up',
              type: 'podStatus',
              podStatus: { labelSelector: { app: 'db' }, minReady: 1 },
            },
          },
          {
            result: {
              name: 'home',
              type: 'httpGet',
              status: 'fail',
              duration: '1s',
              message: 'HTTP 500',
            },
            definition: {
              name: 'home',
              type: 'httpGet',
              httpGet: { service: 'web-svc', port: 80, path: '/' },
            },
          },
          {
            result: {
              name: 'cm',
              type: 'resourceExists',
              status: 'fail',
              duration: '1s',
              message: 'ConfigMap/x missing',
            },
          },
        ],
      },
      new AbortController().signal,
    );
    const byName = Object.fromEntries(
      evidence.checks!.map(c => [
        c.name,
        { ...c, pods: c.pods.map(p => p.podName.split('-')[0]) },
      ]),
    );
    expect(byName['db-up']).toEqual({
      name: 'db-up',
      type: 'podStatus',
      message: '0/1 pods ready',
      sandboxes: [ns],
      pods: ['db'],
    });
    expect(byName.home.pods).toEqual(['web']);
    expect(byName.cm).toMatchObject({ sandboxes: [ns], pods: [] });
  });

  it('redacts the value of an env var from a Secret that was never restored, and keeps the restore log beside', async () => {
    const ns = await cluster.sandbox('search');
    await cluster.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name: 'search' },
        spec: {
          selector: { matchLabels: { app: 'search' } },
          template: {
            metadata: {
              labels: { app: 'search' },
              annotations: {
                'sim.kymaros.io/log': 'OPENSEARCH_PASSWORD=s3cr3t-value-xyz\n',
              },
            },
            spec: {
              containers: [
                {
                  name: 'main',
                  image: 'example/app:1',
                  env: [
                    {
                      name: 'OPENSEARCH_PASSWORD',
                      valueFrom: {
                        secretKeyRef: { name: 'missing', key: 'password' },
                      },
                    },
                  ],
                },
              ],
            },
          },
        },
      },
    });
    await cluster.readyPods(ns, 'search').catch(() => undefined);
    const evidence = await collectEvidence(
      cluster.kc,
      {
        ...request,
        sandboxes: { search: ns },
        restoreLog: async () => ({
          restore: {
            provider: 'velero',
            restoreName: 'kymaros-r1',
            log: 'level=info msg="OPENSEARCH_PASSWORD=s3cr3t-value-xyz"\n',
            warnings: [],
            errors: [],
          },
          omitted: [],
        }),
      },
      new AbortController().signal,
    );
    expect(JSON.stringify(evidence)).not.toContain('s3cr3t-value-xyz');
    expect(evidence.restore).toMatchObject({
      restoreName: 'kymaros-r1',
      log: 'level=info msg="OPENSEARCH_PASSWORD=[redacted]"\n',
    });
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
      {
        ...request,
        sandboxes: { shop: ns },
        logs: { ...defaults, maxLines: 10, includeEvents: false },
      },
      new AbortController().signal,
    );
    const [log] = evidence.podLogs[0].containers;
    expect(log.log).toBe(`${lines.slice(-10).join('\n')}\n`);
    expect(log.truncated).toBe(true);
    expect(evidence.events).toEqual([]);
  });

  it("reads at most 10 containers' logs per pod, one at a time, and stops once the run's 512 KiB is read", async () => {
    const ns = await cluster.sandbox('shop');
    const containers = Array.from({ length: 12 }, (_, i) => `c${i + 1}`);
    // 100 lines of 600 bytes: each container's log is 60,000 bytes.
    const line = `${'x'.repeat(599)}\n`;
    await cluster.app(ns, 'sidecars', {
      containers,
      annotations: { 'sim.kymaros.io/log': line.repeat(100) },
    });
    await cluster.readyPods(ns, 'sidecars');
    let reading = 0;
    let most = 0;
    const read = k8s.CoreV1Api.prototype.readNamespacedPodLog;
    const spy = jest
      .spyOn(k8s.CoreV1Api.prototype, 'readNamespacedPodLog')
      .mockImplementation(async function counted(this: k8s.CoreV1Api, req) {
        most = Math.max(most, ++reading);
        try {
          return await read.call(this, req);
        } finally {
          reading--;
        }
      });
    try {
      const evidence = await collectEvidence(
        cluster.kc,
        { ...request, sandboxes: { shop: ns } },
        new AbortController().signal,
      );
      const [pod] = evidence.podLogs;
      // Nine logs pass 512 KiB: the tenth container is not read.
      expect(pod.containers.map(c => c.name)).toEqual(containers.slice(0, 9));
      expect(spy).toHaveBeenCalledTimes(9);
      expect(most).toBe(1);
      expect(evidence.omitted).toEqual([
        `logs of 2 container(s) of ${ns}/${pod.podName} not read (10 read per pod)`,
        `1 container log(s) not read, the run's 512 KiB of logs being spent (failing pods first): ${ns}/${pod.podName}`,
        "logs cut 1 time(s), longest first, to keep the run's logs under 512 KiB",
      ]);
    } finally {
      spy.mockRestore();
    }
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
        { ...request, sandboxes: { shop: ns } },
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
