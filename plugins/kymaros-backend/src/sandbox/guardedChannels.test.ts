import http from 'node:http';
import { PassThrough, Writable } from 'node:stream';
import * as k8s from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { CheckCluster, checkCluster } from '../checks/__testUtils__/cluster';
import { execInPod } from '../checks/exec';
import { serviceProxyPath } from '../checks/httpGet';
import { kubeGet } from '../kube/kubeRequest';
import { probePodPort } from '../checks/tcpSocket';
import { WriteGuard } from './WriteGuard';
import { guardedKubeConfig } from './guardedKubeConfig';
import { RecordingProxy, recordingProxy } from './__testUtils__/recordingProxy';

jest.setTimeout(30_000);

const sink = () =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

/** Every channel client-node offers, through a guarded KubeConfig, against a cluster whose traffic is recorded. */
describe('guarded channels', () => {
  let c: CheckCluster;
  let relay: RecordingProxy;
  let guard: WriteGuard;
  let kc: k8s.KubeConfig;
  let sandbox: string;
  let sandboxPod: string;
  let prodPod: string;
  let lookalikePod: string;

  beforeAll(async () => {
    c = await checkCluster({ tls: false });
    sandbox = await c.sandbox();
    for (const name of ['prod', 'kymaros-test-shop']) {
      await c.core.createNamespace({ body: { metadata: { name } } });
    }
    const ports = [{ name: 'pg', containerPort: 5432 }];
    await c.app(sandbox, 'db', { ports });
    await c.app('prod', 'db', { ports });
    await c.app('kymaros-test-shop', 'db', { ports });
    await c.service('prod', 'db', [{ port: 5432, targetPort: 'pg' }]);
    await c.service(sandbox, 'db', [{ port: 5432, targetPort: 'pg' }]);
    sandboxPod = (await c.readyPods(sandbox, 'db'))[0].metadata!.name!;
    prodPod = (await c.readyPods('prod', 'db'))[0].metadata!.name!;
    lookalikePod = (await c.readyPods('kymaros-test-shop', 'db'))[0].metadata!
      .name!;
    relay = await recordingProxy(c.sim.url);
    guard = new WriteGuard([]);
    guard.allowSandbox(sandbox);
    kc = guardedKubeConfig(relay.kubeConfig(c.kc), guard);
  });
  afterAll(async () => {
    await relay.close();
    await c.stop();
  });

  /** How an action failed, and how many connections and requests the cluster saw meanwhile. */
  async function refusal(action: () => Promise<unknown>) {
    const before = relay.connections() + relay.requests().length;
    const error = await action().then(
      () => undefined,
      e => e,
    );
    return {
      name: error?.name,
      message: error?.message,
      sent: relay.connections() + relay.requests().length - before,
    };
  }

  /** Refused by the guard with `message`, before any connection was opened or request line sent. */
  const refused = (message: RegExp) => ({
    name: 'NotAllowedError',
    message: expect.stringMatching(message),
    sent: 0,
  });

  const exec = (namespace: string, pod: string) =>
    execInPod(
      kc,
      namespace,
      pod,
      'main',
      ['true'],
      new AbortController().signal,
    );

  it('lets exec and port-forward into the sandbox through, over the recorded connection', async () => {
    const result = await exec(sandbox, sandboxPod);
    expect(result.status?.status).toBe('Success');
    const probe = await probePodPort(
      kc,
      sandbox,
      sandboxPod,
      5432,
      new AbortController().signal,
      50,
    );
    expect(probe).toEqual({ accepted: true });
    expect(relay.requests()).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^GET /api/v1/namespaces/${sandbox}/pods/${sandboxPod}/exec\\?`,
          ),
        ),
        expect.stringMatching(
          new RegExp(
            `^GET /api/v1/namespaces/${sandbox}/pods/${sandboxPod}/portforward\\?`,
          ),
        ),
      ]),
    );
  });

  it('refuses exec, attach and port-forward into a production pod before connecting', async () => {
    expect(await refusal(() => exec('prod', prodPod))).toEqual(
      refused(
        new RegExp(
          `^exec into pod prod/${prodPod} refused: not a sandbox of this run$`,
        ),
      ),
    );
    expect(
      await refusal(() =>
        new k8s.Attach(kc).attach(
          'prod',
          prodPod,
          'main',
          sink(),
          sink(),
          null,
          false,
        ),
      ),
    ).toEqual(refused(new RegExp(`^attach to pod prod/${prodPod} refused`)));
    expect(
      await refusal(() =>
        new k8s.PortForward(kc, true).portForward(
          'prod',
          prodPod,
          [5432],
          sink(),
          sink(),
          new PassThrough(),
        ),
      ),
    ).toEqual(
      refused(new RegExp(`^port-forward to pod prod/${prodPod} refused`)),
    );
    expect(
      await refusal(() =>
        kc.makeApiClient(k8s.CoreV1Api).connectPostNamespacedPodExec({
          namespace: 'prod',
          name: prodPod,
          command: 'true',
        }),
      ),
    ).toEqual(
      refused(/^exec into pod prod\/.* refused: not a sandbox of this run$/),
    );
  });

  it('refuses exec into a namespace whose name is a prefix of the sandbox name', async () => {
    expect(sandbox.startsWith('kymaros-test-shop')).toBe(true);
    expect(
      await refusal(() => exec('kymaros-test-shop', lookalikePod)),
    ).toEqual(
      refused(
        /^exec into pod kymaros-test-shop\/.* refused: not a sandbox of this run$/,
      ),
    );
  });

  it('refuses paths that climb out of the sandbox with .. or encoded slashes', async () => {
    // Client-side URL parsing resolves the `..`: the request would reach prod.
    expect(await refusal(() => exec(`${sandbox}/../prod`, prodPod))).toEqual(
      refused(new RegExp(`^exec into pod prod/${prodPod} refused`)),
    );
    expect(
      await refusal(() => exec(`${sandbox}%2F..%2Fprod`, prodPod)),
    ).toEqual(refused(/encoded slashes/));
    expect(
      await refusal(() =>
        exec(sandbox, `${sandboxPod}%2F..%2F..%2F..%2Fprod%2Fpods%2Fx`),
      ),
    ).toEqual(refused(/encoded slashes/));
    // A raw request keeps `..` as written: the guard refuses it, it does not resolve it.
    const options: http.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    const { port } = new URL(relay.url);
    expect(
      await refusal(
        () =>
          new Promise((resolve, reject) => {
            const req = http.request({
              ...options,
              host: '127.0.0.1',
              port,
              path: `/api/v1/namespaces/${sandbox}/../prod/pods/${prodPod}/exec?command=true`,
            });
            req.on('response', resolve);
            req.on('error', reject);
            req.end();
          }),
      ),
    ).toEqual(refused(/"\.\." segments/));
  });

  it('refuses service and pod proxy outside the sandbox, including a proxied path that climbs out', async () => {
    expect(
      await refusal(() =>
        kubeGet(
          kc,
          serviceProxyPath({
            namespace: 'prod',
            service: 'db',
            port: '5432',
            path: '/',
          }),
        ),
      ),
    ).toEqual(
      refused(
        /^proxy to service prod\/db:5432 refused: not a sandbox of this run$/,
      ),
    );
    expect(
      await refusal(() =>
        kubeGet(
          kc,
          serviceProxyPath({
            namespace: sandbox,
            service: 'db',
            port: '5432',
            path: '/../../../../prod/services/db:5432/proxy/',
          }),
        ),
      ),
    ).toEqual(refused(/^proxy to service prod\/db:5432 refused/));
    expect(
      await refusal(() =>
        kubeGet(kc, `/api/v1/namespaces/prod/pods/${prodPod}/proxy/`),
      ),
    ).toEqual(refused(new RegExp(`^proxy to pod prod/${prodPod} refused`)));
    expect(
      await refusal(() => kubeGet(kc, '/api/v1/nodes/node-1/proxy/pods')),
    ).toEqual(
      refused(
        /^proxy to node node-1 refused: only pods and services in this run's sandboxes/,
      ),
    );
    // Reads elsewhere and proxy into the sandbox do reach the cluster.
    await expect(
      kubeGet(kc, '/api/v1/namespaces/prod/pods'),
    ).resolves.toMatchObject({ status: 200 });
    const before = relay.requests().length;
    await kubeGet(
      kc,
      serviceProxyPath({
        namespace: sandbox,
        service: 'db',
        port: '5432',
        path: '/',
      }),
    );
    expect(relay.requests().length).toBeGreaterThan(before);
  });

  /** A raw request with the kubeconfig's credentials, as any hand-written client would make it. */
  async function raw(method: string, path: string, body?: unknown) {
    const options: http.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    return new Promise<number>((resolve, reject) => {
      const req = http.request(`${kc.getCurrentCluster()!.server}${path}`, {
        ...options,
        method,
        headers: { ...options.headers, 'Content-Type': 'application/json' },
      });
      req.on('response', res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  }

  it('refuses raw writes outside the sandbox, lets sandbox writes through', async () => {
    const evil = { metadata: { name: 'evil' } };
    expect(
      await refusal(() =>
        raw('POST', '/api/v1/namespaces/prod/configmaps', evil),
      ),
    ).toEqual(
      refused(
        /refused to write outside its sandboxes: write to namespace "prod" \(configmaps\)/,
      ),
    );
    expect(
      await refusal(() => raw('DELETE', '/api/v1/namespaces/prod')),
    ).toEqual(refused(/namespace "prod" is not a sandbox of this run/));
    expect(await refusal(() => raw('CONNECT', '/api/v1/nodes/node-1'))).toEqual(
      refused(/cluster-scoped write to nodes/),
    );
    await expect(
      raw('POST', `/api/v1/namespaces/${sandbox}/configmaps`, evil),
    ).resolves.toBe(201);
    await expect(
      c.core.readNamespacedConfigMap({ namespace: 'prod', name: 'evil' }),
    ).rejects.toMatchObject({ code: 404 });
  });

  it('checks the path below a server URL prefix (Rancher, proxies)', async () => {
    const prefixed = guardedKubeConfig(
      relay.kubeConfig(c.kc, '/k8s/clusters/c-1'),
      guard,
    );
    const core = prefixed.makeApiClient(k8s.CoreV1Api);
    const body = { metadata: { name: 'through-prefix' } };
    // The simulator serves no prefix: a 404 from it shows the write was let through.
    await expect(
      core.createNamespacedConfigMap({ namespace: sandbox, body }),
    ).rejects.toMatchObject({ code: 404 });
    expect(relay.requests()).toContain(
      `POST /k8s/clusters/c-1/api/v1/namespaces/${sandbox}/configmaps`,
    );
    expect(
      await refusal(() =>
        core.createNamespacedConfigMap({ namespace: 'prod', body }),
      ),
    ).toEqual(refused(/write to namespace "prod"/));
  });

  it("refuses the global fetch, which would ignore the guard's agent", async () => {
    const server = kc.getCurrentCluster()!.server;
    const before = relay.connections();
    const init = await kc.applyToFetchOptions({});
    const outcome = globalThis.fetch(
      `${server}/api/v1/namespaces/prod/configmaps`,
      {
        ...(init as any),
        headers: Object.fromEntries(init.headers as any),
        method: 'POST',
      },
    );
    // undici keeps only the message of what the dispatcher threw.
    await expect(outcome).rejects.toMatchObject({
      cause: {
        message: expect.stringMatching(
          /Kymaros refused POST \/api\/v1\/namespaces\/prod\/configmaps made with the global fetch/,
        ),
      },
    });
    expect(relay.connections()).toBe(before);
  });

  it('refuses a watch on an exec path or an ambiguous path, and watches elsewhere', async () => {
    const watchDone = (path: string) =>
      new Promise<unknown>(resolve => {
        new k8s.Watch(kc).watch(path, {}, () => undefined, resolve);
      });
    let before = relay.requests().length;
    expect(
      await watchDone(
        `/api/v1/namespaces/${sandbox}/../prod/pods/${prodPod}/exec`,
      ),
    ).toBeInstanceOf(NotAllowedError);
    expect(
      await watchDone(`/api/v1/namespaces/${sandbox}%2F..%2Fprod/pods`),
    ).toBeInstanceOf(NotAllowedError);
    expect(relay.requests().length).toBe(before);
    before = relay.requests().length;
    const events: string[] = [];
    const controller = await new k8s.Watch(kc).watch(
      '/api/v1/namespaces/prod/pods',
      {},
      type => events.push(type),
      () => undefined,
    );
    for (let i = 0; i < 100 && !events.length; i++)
      await new Promise(r => setTimeout(r, 20));
    controller.abort();
    expect(events).toContain('ADDED');
    expect(relay.requests().length).toBeGreaterThan(before);
  });

  it('reuses connections between requests, and a refusal on a pooled connection still sends nothing', async () => {
    const core = kc.makeApiClient(k8s.CoreV1Api);
    await core.listNamespacedPod({ namespace: sandbox });
    const before = relay.connections();
    for (let i = 0; i < 20; i++)
      await core.listNamespacedPod({ namespace: sandbox });
    expect(relay.connections() - before).toBeLessThanOrEqual(1);
    expect(
      await refusal(() =>
        core.createNamespacedConfigMap({
          namespace: 'prod',
          body: { metadata: { name: 'evil' } },
        }),
      ),
    ).toEqual(refused(/write to namespace "prod"/));
    expect(
      await refusal(() => raw('DELETE', '/api/v1/namespaces/prod')),
    ).toEqual(refused(/namespace "prod" is not a sandbox of this run/));
  });

  it('never let anything addressed to production reach the cluster', () => {
    expect(
      relay
        .requests()
        .filter(
          r => /\/prod\b/.test(r) && !/^GET \S+\/prod\/pods(\?|$)/.test(r),
        ),
    ).toEqual([]);
  });
});

describe('guarded namespace deletion', () => {
  let c: CheckCluster;
  beforeAll(async () => {
    c = await checkCluster();
  });
  afterAll(() => c.stop());

  async function namespaceGone(name: string): Promise<boolean> {
    for (let i = 0; i < 100; i++) {
      const status = await c.core.readNamespace({ name }).then(
        () => 200,
        e => e.code,
      );
      if (status === 404) return true;
      await new Promise(r => setTimeout(r, 50));
    }
    return false;
  }

  it('deletes a recorded sandbox only with its uid as precondition, so a re-created namespace survives', async () => {
    const guard = new WriteGuard([]);
    const kc = guardedKubeConfig(c.kc, guard);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const name = 'kymaros-orders-abc123';
    guard.allowSandbox(name);
    const created = await core.createNamespace({
      body: { metadata: { name } },
    });
    const uid = created.metadata!.uid!;
    guard.allowSandbox(name, uid);
    guard.allowSandbox(name); // a later call without uid keeps it

    await expect(core.deleteNamespace({ name })).rejects.toThrow(
      `Kymaros refused to write outside its sandboxes: deleting namespace "${name}" requires preconditions.uid ${uid}, the namespace this run created`,
    );
    await expect(
      core.deleteNamespace({ name, body: { preconditions: { uid: 'other' } } }),
    ).rejects.toThrow(
      /with preconditions\.uid other: this run created it with uid/,
    );
    // A raw request cannot show its body to the guard: refused, not trusted.
    const options: http.RequestOptions = {};
    await kc.applyToHTTPSOptions(options);
    await expect(
      new Promise((resolve, reject) => {
        const req = http.request(
          `${kc.getCurrentCluster()!.server}/api/v1/namespaces/${name}`,
          { ...options, method: 'DELETE' },
        );
        req.on('response', resolve);
        req.on('error', reject);
        req.end(JSON.stringify({ preconditions: { uid } }));
      }),
    ).rejects.toThrow(/requires preconditions\.uid/);
    await expect(c.core.readNamespace({ name })).resolves.toMatchObject({
      metadata: { uid },
    });

    // Someone else deletes it and creates another under the same name.
    await c.core.deleteNamespace({ name });
    await expect(namespaceGone(name)).resolves.toBe(true);
    const theirs = await c.core.createNamespace({
      body: { metadata: { name } },
    });
    await expect(
      core.deleteNamespace({ name, body: { preconditions: { uid } } }),
    ).rejects.toMatchObject({ code: 409 });
    await expect(c.core.readNamespace({ name })).resolves.toMatchObject({
      metadata: { uid: theirs.metadata!.uid },
    });
  });

  it('deletes with the right uid', async () => {
    const guard = new WriteGuard([]);
    const core = guardedKubeConfig(c.kc, guard).makeApiClient(k8s.CoreV1Api);
    const name = 'kymaros-orders-def456';
    guard.allowSandbox(name);
    const uid = (await core.createNamespace({ body: { metadata: { name } } }))
      .metadata!.uid!;
    guard.allowSandbox(name, uid);
    await core.deleteNamespace({ name, body: { preconditions: { uid } } });
    await expect(namespaceGone(name)).resolves.toBe(true);
  });
});
