import * as k8s from '@kubernetes/client-node';
import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { probePodPort, tcpSocketCheck } from './tcpSocket';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

describe('tcpSocket', () => {
  let c: CheckCluster;
  let ns: string;
  beforeAll(async () => {
    c = await checkCluster();
    ns = await c.sandbox();
    await c.app(ns, 'db', {
      annotations: { 'sim.kymaros.io/tcp-refuse': '9187' },
      ports: [
        { name: 'postgres', containerPort: 5432 },
        { name: 'metrics', containerPort: 9187 },
      ],
    });
    await c.service(ns, 'db', [
      { name: 'pg', port: 5432, targetPort: 'postgres' },
      { name: 'metrics', port: 9100, targetPort: 9187 },
      { name: 'undeclared', port: 7000, targetPort: 'admin' },
    ]);
    await c.app(ns, 'broken', {
      annotations: { 'sim.kymaros.io/start': 'crashloop' },
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await c.service(ns, 'broken', [{ port: 80, targetPort: 8080 }]);
    await c.service(ns, 'external', [{ port: 80 }], null);
    await c.readyPods(ns, 'db');
  });
  afterAll(() => c.stop());

  const run = (tcpSocket: any) =>
    tcpSocketCheck.run(
      { name: 'db-tcp', type: 'tcpSocket', tcpSocket },
      c.context(ns),
    );

  it('passes when the pod port accepts the connection (named targetPort)', async () => {
    const outcome = await run({ service: 'db', port: 'pg' });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(
      /^TCP db:pg accepted a connection \(pod db-[a-z0-9-]+, port 5432\)$/,
    );
  });

  it('accepts the Service port number as well as its name', async () => {
    await expect(run({ service: 'db', port: 5432 })).resolves.toMatchObject({
      status: 'pass',
    });
  });

  it("fails with the kubelet's message when the port refuses", async () => {
    const outcome = await run({ service: 'db', port: 'metrics' });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^TCP db:metrics refused \(pod db-[a-z0-9-]+, port 9187\): error forwarding port 9187 to pod .*connection refused/,
    );
  });

  it('fails when no pod behind the Service is Ready, saying why', async () => {
    const outcome = await run({ service: 'broken', port: 80 });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^no Ready pod behind Service broken \(app=broken\); Pod broken-[a-z0-9-]+ not Ready: /,
    );
  });

  it('fails on an unknown port, a named targetPort no container has, and a Service without selector', async () => {
    await expect(run({ service: 'db', port: 'grpc' })).resolves.toEqual({
      status: 'fail',
      message:
        'Service db has no port "grpc" (ports: pg/5432, metrics/9100, undeclared/7000)',
    });
    const undeclared = await run({ service: 'db', port: 'undeclared' });
    expect(undeclared.message).toMatch(
      /^Pod db-[a-z0-9-]+ has no container port named "admin" \(Service db port 7000\)$/,
    );
    await expect(run({ service: 'external', port: 80 })).resolves.toEqual({
      status: 'fail',
      message: 'Service external has no selector: no pod to connect to',
    });
    await expect(run({ service: 'gone', port: 80 })).resolves.toEqual({
      status: 'fail',
      message: `Service gone not found in ${ns}`,
    });
  });

  it('connects through the sandbox that has the Service when the check names no namespace', async () => {
    const front = await c.sandbox('front');
    const outcome = await tcpSocketCheck.run(
      {
        name: 'db-tcp',
        type: 'tcpSocket',
        tcpSocket: { service: 'db', port: 'pg' },
      },
      c.runContext({ front, shop: ns }),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message: expect.stringMatching(
        /^TCP db:pg accepted a connection \(pod db-[a-z0-9-]+, port 5432\)$/,
      ),
      namespaces: ['shop'],
    });
  });

  it('always closes the port-forward socket', async () => {
    const closes: Promise<void>[] = [];
    const original = k8s.PortForward.prototype.portForward;
    const spy = jest
      .spyOn(k8s.PortForward.prototype, 'portForward')
      .mockImplementation(async function wrapped(
        this: k8s.PortForward,
        ...args: any[]
      ) {
        const ws: any = await (original as any).apply(this, args);
        closes.push(new Promise(resolve => ws.on('close', () => resolve())));
        return ws;
      });
    try {
      await run({ service: 'db', port: 'pg' });
      await run({ service: 'db', port: 'metrics' });
      expect(closes).toHaveLength(2);
      await Promise.all(closes);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails naming the pod when the write guard refuses the port-forward', async () => {
    const outcome = await tcpSocketCheck.run(
      {
        name: 'db-tcp',
        type: 'tcpSocket',
        tcpSocket: { service: 'db', port: 'pg' },
      },
      c.context(ns, {
        kubeConfig: guardedKubeConfig(c.kc, new WriteGuard([])),
      }),
    );
    expect(outcome).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        new RegExp(
          `^TCP db:pg refused \\(pod (db-[a-z0-9-]+), port 5432\\): port-forward to pod ${ns}/\\1 refused: not a sandbox of this run$`,
        ),
      ),
    });
  });

  it('rejects as soon as the signal aborts', async () => {
    const [pod] = await c.readyPods(ns, 'db');
    const controller = new AbortController();
    const pending = probePodPort(
      c.kc,
      ns,
      pod.metadata!.name!,
      5432,
      controller.signal,
      10_000,
    );
    setTimeout(() => controller.abort(new Error('timed out')), 100);
    await expect(pending).rejects.toThrow('timed out');
  });

  it('validates its block', () => {
    expect(
      validateSettings(tcpSocketCheck, {
        name: 't',
        type: 'tcpSocket',
        tcpSocket: { service: 'db', port: 5432 },
      }),
    ).toBeUndefined();
    expect(
      validateSettings(tcpSocketCheck, {
        name: 't',
        type: 'tcpSocket',
        tcpSocket: { service: 'db' } as any,
      }),
    ).toBe('tcpSocket.port: must be a port number (1-65535) or a port name');
  });
});
