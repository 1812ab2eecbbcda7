import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { httpGetCheck, serviceProxyPath } from './httpGet';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

const routes = JSON.stringify({
  '/healthz': {
    status: 200,
    body: '{"status":"ok","db":"connected"}',
    contentType: 'application/json',
  },
  '/index/status': { status: 503, body: 'index rebuilding: 42% done' },
  '/moved': { status: 302, body: '' },
});

describe('httpGet', () => {
  let c: CheckCluster;
  let ns: string;
  beforeAll(async () => {
    c = await checkCluster();
    ns = await c.sandbox();
    await c.app(ns, 'web', {
      annotations: { 'sim.kymaros.io/http': routes },
      ports: [{ name: 'http', containerPort: 8080 }],
    });
    await c.service(ns, 'web', [
      { name: 'http', port: 80, targetPort: 'http' },
    ]);
    await c.service(ns, 'lonely', [{ name: 'http', port: 80 }], {
      app: 'nobody',
    });
    await c.readyPods(ns, 'web');
  });
  afterAll(() => c.stop());

  const run = (httpGet: any) =>
    httpGetCheck.run({ name: 'api', type: 'httpGet', httpGet }, c.context(ns));

  it('passes on the expected status, with the port given by name', async () => {
    await expect(
      run({ service: 'web', port: 'http', path: '/healthz' }),
    ).resolves.toEqual({
      status: 'pass',
      message: 'HTTP 200 from /healthz',
    });
  });

  it('passes with the port given by number, and checks the body', async () => {
    await expect(
      run({
        service: 'web',
        port: 80,
        path: '/healthz',
        bodyMatches: '"db":"connected"',
      }),
    ).resolves.toEqual({
      status: 'pass',
      message: 'HTTP 200 from /healthz, body matches /"db":"connected"/',
    });
  });

  it('fails on another status with an excerpt of the body', async () => {
    await expect(
      run({ service: 'web', port: 'http', path: '/index/status' }),
    ).resolves.toEqual({
      status: 'fail',
      message:
        'HTTP 503 from /index/status, expected 200: index rebuilding: 42% done',
    });
  });

  it('does not follow redirects', async () => {
    await expect(
      run({ service: 'web', port: 'http', path: '/moved' }),
    ).resolves.toEqual({
      status: 'fail',
      message: 'HTTP 302 from /moved, expected 200',
    });
  });

  it('passes when the status is the expected non-200 one', async () => {
    await expect(
      run({
        service: 'web',
        port: 'http',
        path: '/index/status',
        expectedStatus: 503,
      }),
    ).resolves.toEqual({
      status: 'pass',
      message: 'HTTP 503 from /index/status',
    });
  });

  it('fails when the body does not match', async () => {
    await expect(
      run({
        service: 'web',
        port: 'http',
        path: '/healthz',
        bodyMatches: '"db":"down"',
      }),
    ).resolves.toEqual({
      status: 'fail',
      message:
        'HTTP 200 from /healthz, but the body does not match /"db":"down"/: {"status":"ok","db":"connected"}',
    });
  });

  it('fails with the API server reason when the Service has no ready endpoints', async () => {
    await expect(
      run({ service: 'lonely', port: 80, path: '/healthz' }),
    ).resolves.toEqual({
      status: 'fail',
      message:
        'HTTP 503 from /healthz, expected 200: no endpoints available for service "lonely"',
    });
  });

  it('fails clearly on a missing Service or port', async () => {
    await expect(
      run({ service: 'nope', port: 80, path: '/' }),
    ).resolves.toEqual({
      status: 'fail',
      message: `Service nope not found in ${ns}`,
    });
    await expect(
      run({ service: 'web', port: 'grpc', path: '/' }),
    ).resolves.toEqual({
      status: 'fail',
      message: 'Service web has no port "grpc" (ports: http/80)',
    });
  });

  it('finds the Service in the sandbox that has it when the check names no namespace, else reports the ambiguity', async () => {
    const front = await c.sandbox('front');
    const check = (service: string) => ({
      name: 'api',
      type: 'httpGet',
      httpGet: { service, port: 'http', path: '/healthz' },
    });
    const sandboxes = { front, shop: ns };
    await expect(
      httpGetCheck.run(check('web'), c.runContext(sandboxes)),
    ).resolves.toEqual({
      status: 'pass',
      message: 'HTTP 200 from /healthz',
      namespaces: ['shop'],
    });
    // Pinned to the first namespace, it looks there only.
    await expect(
      httpGetCheck.run(
        check('web'),
        c.runContext(sandboxes, { namespacePinned: true }),
      ),
    ).resolves.toEqual({
      status: 'fail',
      message: `Service web not found in ${front}`,
    });
    await c.service(front, 'lonely', [{ name: 'http', port: 80 }]);
    await expect(
      httpGetCheck.run(check('lonely'), c.runContext(sandboxes)),
    ).resolves.toEqual({
      status: 'fail',
      message: `Service lonely found in 2 sandboxes (${front} (front), ${ns} (shop)): name the one to check with namespace: front or namespace: shop`,
      namespaces: ['front', 'shop'],
    });
    const started = Date.now();
    await expect(
      httpGetCheck.run(
        check('postgres'),
        c.runContext(sandboxes, { timeoutMs: 30_000 }),
      ),
    ).resolves.toEqual({
      status: 'fail',
      message: `Service postgres not found in any sandbox (searched ${front} (front), ${ns} (shop))`,
      namespaces: ['front', 'shop'],
    });
    // Not the check's 30 s: the restore is complete, only a short grace for operators.
    expect(Date.now() - started).toBeLessThan(7000);
  });

  it('builds the proxy path with the scheme and a literal port separator', () => {
    expect(
      serviceProxyPath({
        namespace: 'sb',
        service: 'web',
        port: 'https',
        path: '/x?y=1',
        scheme: 'https',
      }),
    ).toBe('/api/v1/namespaces/sb/services/https:web:https/proxy/x?y=1');
    expect(
      serviceProxyPath({
        namespace: 'sb',
        service: 'web',
        port: '80',
        path: '/',
      }),
    ).toBe('/api/v1/namespaces/sb/services/web:80/proxy/');
  });

  it('reaches the app over the https scheme prefix too', async () => {
    await expect(
      run({ service: 'web', port: 'http', path: '/healthz', scheme: 'https' }),
    ).resolves.toEqual({ status: 'pass', message: 'HTTP 200 from /healthz' });
  });

  it('names the Service when the write guard refuses the proxy request', async () => {
    await expect(
      httpGetCheck.run(
        {
          name: 'api',
          type: 'httpGet',
          httpGet: { service: 'web', port: 'http', path: '/healthz' },
        },
        c.context(ns, {
          kubeConfig: guardedKubeConfig(c.kc, new WriteGuard([])),
        }),
      ),
    ).rejects.toThrow(
      `proxy to service ${ns}/web:http refused: not a sandbox of this run`,
    );
  });

  it('rejects when the signal aborts', async () => {
    await expect(
      httpGetCheck.run(
        {
          name: 'api',
          type: 'httpGet',
          httpGet: { service: 'web', port: 'http', path: '/healthz' },
        },
        c.context(ns, {
          signal: AbortSignal.abort(new Error('timed out after 30s')),
        }),
      ),
    ).rejects.toThrow('timed out after 30s');
  });

  it('validates its block', () => {
    const v = (httpGet: any) =>
      validateSettings(httpGetCheck, { name: 'a', type: 'httpGet', httpGet });
    expect(v({ service: 'web', port: 'http', path: '/' })).toBeUndefined();
    expect(v({ service: 'web', port: 0, path: '/' })).toBe(
      'httpGet.port: must be a port number (1-65535) or a port name',
    );
    expect(v({ service: 'web', port: 80, path: 'healthz' })).toBe(
      'httpGet.path: must start with / and contain no spaces',
    );
    expect(v({ service: 'web', port: 80, path: '/a/../../../prod/x' })).toBe(
      'httpGet.path: "/a/../../../prod/x" has a ".." segment, which would climb out of the Service\'s proxy path',
    );
    expect(v({ service: 'web', port: 80, path: '/%2E%2e/x?y=..' })).toMatch(
      /^httpGet\.path: "\/%2E%2e\/x\?y=\.\." has a "\.\." segment/,
    );
    expect(
      v({ service: 'web', port: 80, path: '/a..b/./c?next=../x' }),
    ).toBeUndefined();
    expect(v({ service: 'web', port: 80, path: '/', bodyMatches: '(' })).toBe(
      'httpGet.bodyMatches: must be a valid regular expression',
    );
    expect(v({ port: 80, path: '/' })).toBe('httpGet.service: is required');
  });
});
