import * as k8s from '@kubernetes/client-node';
import { testSimulator } from '@kymaros/kube-simulator/src/testing';
import {
  RecordingProxy,
  recordingProxy,
} from '../sandbox/__testUtils__/recordingProxy';
import { waitForWorkloads } from './waitForWorkloads';

jest.setTimeout(30_000);

const startAfter = 'sim.kymaros.io/start-after';
const start = 'sim.kymaros.io/start';

type Sim = Awaited<ReturnType<typeof testSimulator>>;
type Annotations = Record<string, string>;

describe('waitForWorkloads', () => {
  let t: Sim;
  let relay: RecordingProxy;
  /** The client under test talks through the relay, so its requests can be counted. */
  let kc: k8s.KubeConfig;
  let counter = 0;

  beforeAll(async () => {
    t = await testSimulator({ tls: false });
    relay = await recordingProxy(t.sim.url);
    kc = relay.kubeConfig(t.kc);
  });
  afterAll(async () => {
    await relay.close();
    await t.sim.stop();
  });

  async function namespace(): Promise<string> {
    const name = `pods-${++counter}`;
    await t.core.createNamespace({ body: { metadata: { name } } });
    return name;
  }

  function template(name: string, annotations?: Annotations) {
    return {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name }, annotations },
        spec: { containers: [{ name: 'main', image: 'example/app:1' }] },
      },
    };
  }

  async function createDeployment(
    ns: string,
    name: string,
    annotations?: Annotations,
    replicas = 1,
  ) {
    await t.apps.createNamespacedDeployment({
      namespace: ns,
      body: {
        metadata: { name },
        spec: { replicas, ...template(name, annotations) },
      },
    });
  }

  async function createStatefulSet(
    ns: string,
    name: string,
    replicas: number,
    annotations?: Annotations,
  ) {
    await t.apps.createNamespacedStatefulSet({
      namespace: ns,
      body: {
        metadata: { name },
        spec: { replicas, serviceName: name, ...template(name, annotations) },
      },
    });
  }

  /** When each pod of `ns` was first reported Ready, by a watch of the test's own that survives drops. */
  async function readyReports(ns: string) {
    const times = new Map<string, number>();
    let stopped = false;
    let controller: AbortController | undefined;
    const record = (_type: string, pod: k8s.V1Pod) => {
      const ready = pod.status?.conditions?.some(
        c => c.type === 'Ready' && c.status === 'True',
      );
      if (ready && !times.has(pod.metadata!.name!))
        times.set(pod.metadata!.name!, Date.now());
    };
    // Watches again whenever the stream ends or cannot be opened (the tests drop every watch).
    const watch = async (): Promise<void> => {
      if (stopped) return;
      try {
        controller = await new k8s.Watch(t.kc).watch(
          `/api/v1/namespaces/${ns}/pods`,
          {},
          record,
          () => void watch(),
        );
      } catch {
        setTimeout(() => void watch(), 50);
      }
    };
    await watch();
    return {
      lastReadyAt: () => Math.max(...times.values()),
      stop: () => {
        stopped = true;
        controller?.abort();
      },
    };
  }

  /** The pod requests of `ns` the cluster saw from the client under test. */
  function podRequests(ns: string) {
    const path = `GET /api/v1/namespaces/${ns}/pods`;
    const all = relay.requests().filter(r => r.startsWith(path));
    return {
      lists: all.filter(r => !r.includes('watch=true')),
      watches: all.filter(r => r.includes('watch=true')),
    };
  }

  const admin = (path: string, body?: object) =>
    fetch(`${t.sim.url}/simulator/v1/${path}`, {
      method: body ? 'POST' : 'DELETE',
      headers: {
        authorization: `Bearer ${t.sim.token}`,
        'content-type': 'application/json',
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  it('notices the pods Ready as the cluster reports them, not a poll interval later', async () => {
    const ns = await namespace();
    const reports = await readyReports(ns);
    // Ready in the middle of what would be a multi-second poll interval.
    await createDeployment(ns, 'web', { [startAfter]: '4500ms' });
    const started = Date.now();
    const pods = await waitForWorkloads(
      kc,
      [ns],
      20_000,
      AbortSignal.timeout(25_000),
    );
    const noticedAt = Date.now();
    reports.stop();
    const readyAt = reports.lastReadyAt();

    expect(pods).toMatchObject({
      expected: 1,
      ready: 1,
      notReady: [],
      missingPods: [],
    });
    expect(readyAt - started).toBeGreaterThan(4000);
    expect(noticedAt - readyAt).toBeLessThan(600);
    expect(Math.abs(started + pods.allReadyAfterMs! - readyAt)).toBeLessThan(
      600,
    );
  });

  it('lists pods once per namespace however many workloads and however long the wait, counting pods created later', async () => {
    const [web, data] = [await namespace(), await namespace()];
    const slow = { [startAfter]: '800ms' };
    await createDeployment(web, 'front', { [startAfter]: '2500ms' });
    await createDeployment(web, 'api', slow, 2);
    await createDeployment(web, 'worker', slow);
    await t.apps.createNamespacedDaemonSet({
      namespace: web,
      body: { metadata: { name: 'agent' }, spec: template('agent', slow) },
    });
    // OrderedReady: db-1 and db-2 only exist once the ordinal before is Ready.
    await createStatefulSet(data, 'db', 3, slow);

    const pods = await waitForWorkloads(
      kc,
      [web, data],
      20_000,
      AbortSignal.timeout(25_000),
    );

    expect(pods).toMatchObject({ expected: 8, ready: 8, missingPods: [] });
    expect(pods.readyPods).toEqual(
      expect.arrayContaining(['db-0', 'db-1', 'db-2']),
    );
    expect(pods.allReadyAfterMs).toBeGreaterThan(2000);
    for (const ns of [web, data]) {
      expect(podRequests(ns).lists).toHaveLength(1);
      expect(podRequests(ns).watches).toHaveLength(1);
    }
  });

  it('at the timeout, says which pods are not Ready and why, and which do not exist', async () => {
    const ns = await namespace();
    await createDeployment(ns, 'web');
    await createDeployment(ns, 'api', { [start]: 'not-ready' });
    await createStatefulSet(ns, 'db', 2, { [start]: 'pending' });
    const started = Date.now();

    const pods = await waitForWorkloads(
      kc,
      [ns],
      1500,
      AbortSignal.timeout(25_000),
    );

    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(pods.allReadyAfterMs).toBeUndefined();
    expect(pods).toMatchObject({ expected: 4, ready: 1 });
    expect(pods.readyPods).toEqual([expect.stringMatching(/^web-/)]);
    expect(pods.notReady).toEqual([
      {
        pod: expect.stringMatching(/^api-/),
        reason: expect.stringMatching(
          /^Pod api-\S+ did not reach Ready state within 1.5s: Running but not ready$/,
        ),
        severity: 3,
      },
      {
        pod: 'db-0',
        reason: expect.stringMatching(
          /^Pod db-0 did not reach Ready state within 1.5s: Pending — Unschedulable/,
        ),
        severity: 4,
      },
    ]);
    expect(pods.missingPods).toEqual([
      { namespace: ns, workload: 'StatefulSet/db', count: 1 },
    ]);
    expect(pods.workloads).toEqual([
      expect.objectContaining({ kind: 'Deployment', name: 'api', ready: 0 }),
      expect.objectContaining({ kind: 'Deployment', name: 'web', ready: 1 }),
      expect.objectContaining({
        kind: 'StatefulSet',
        name: 'db',
        desired: 2,
        ready: 0,
      }),
    ]);
  });

  it('answers with what was Ready when the signal aborts', async () => {
    const ns = await namespace();
    await createDeployment(ns, 'web');
    await createDeployment(ns, 'slow', { [startAfter]: '60s' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run stopped')), 1500);

    const pods = await waitForWorkloads(kc, [ns], 20_000, controller.signal);

    expect(pods.allReadyAfterMs).toBeUndefined();
    expect(pods).toMatchObject({ expected: 2, ready: 1 });
    expect(pods.readyPods).toEqual([expect.stringMatching(/^web-/)]);
    expect(pods.notReady).toEqual([
      {
        pod: expect.stringMatching(/^slow-/),
        reason: expect.stringMatching(/ContainerCreating/),
        severity: expect.any(Number),
      },
    ]);
  });

  it('resumes a dropped watch where it was, without listing again', async () => {
    const ns = await namespace();
    const reports = await readyReports(ns);
    await createDeployment(ns, 'web', { [startAfter]: '3s' });
    setTimeout(() => admin('drop-watches', {}), 800);

    const pods = await waitForWorkloads(
      kc,
      [ns],
      20_000,
      AbortSignal.timeout(25_000),
    );
    const noticedAt = Date.now();
    reports.stop();

    expect(pods).toMatchObject({ expected: 1, ready: 1 });
    expect(noticedAt - reports.lastReadyAt()).toBeLessThan(600);
    const { lists, watches } = podRequests(ns);
    expect(lists).toHaveLength(1);
    expect(watches).toHaveLength(2);
    expect(watches[1]).toMatch(/resourceVersion=\d+/);
  });

  it('lists again and goes on watching when the watch’s history has expired (410)', async () => {
    const ns = await namespace();
    const reports = await readyReports(ns);
    await createDeployment(ns, 'web', { [startAfter]: '3500ms' });
    setTimeout(async () => {
      // A change the watch does not see, then history forgotten up to it.
      await t.core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'later' } },
      });
      await admin('compact', {});
      await admin('drop-watches', {});
    }, 800);

    const pods = await waitForWorkloads(
      kc,
      [ns],
      20_000,
      AbortSignal.timeout(25_000),
    );
    const noticedAt = Date.now();
    reports.stop();

    expect(pods).toMatchObject({ expected: 1, ready: 1 });
    expect(noticedAt - reports.lastReadyAt()).toBeLessThan(600);
    const { lists, watches } = podRequests(ns);
    expect(lists).toHaveLength(2);
    expect(watches).toHaveLength(3);
  });

  it('pauses between watches when streams keep breaking, instead of reconnecting in a tight loop', async () => {
    const ns = await namespace();
    await createDeployment(ns, 'api', { [start]: 'not-ready' });
    await admin('faults', {
      path: `^/api/v1/namespaces/${ns}/pods$`,
      dropWatchAfterMs: 0,
    });
    try {
      const pods = await waitForWorkloads(
        kc,
        [ns],
        3000,
        AbortSignal.timeout(25_000),
      );
      expect(pods).toMatchObject({ expected: 1, ready: 0 });
    } finally {
      await admin('faults');
    }
    const { watches } = podRequests(ns);
    expect(watches.length).toBeGreaterThanOrEqual(2);
    expect(watches.length).toBeLessThanOrEqual(4);
  });
});
