import * as k8s from '@kubernetes/client-node';
import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { execCheck, exitCodeOf } from './exec';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

const rules = JSON.stringify([
  {
    command: '^pg_isready',
    exitCode: 0,
    stdout: '/var/run/postgresql:5432 - accepting connections\n',
  },
  {
    command: '^check-orders',
    exitCode: 3,
    stdout: 'checked 120 tables\n',
    stderr: 'orders: 0 rows, expected > 0\n',
  },
]);

describe('exec', () => {
  let c: CheckCluster;
  let ns: string;
  beforeAll(async () => {
    c = await checkCluster();
    ns = await c.sandbox();
    await c.app(ns, 'db', {
      annotations: { 'sim.kymaros.io/exec': rules },
      containers: ['postgres', 'exporter'],
    });
    await c.app(ns, 'down', {
      annotations: { 'sim.kymaros.io/start': 'not-ready' },
    });
    await c.readyPods(ns, 'db');
  });
  afterAll(() => c.stop());

  const run = (exec: any, signal?: AbortSignal) =>
    execCheck.run(
      { name: 'db-exec', type: 'exec', exec },
      c.context(ns, signal ? { signal } : {}),
    );

  it('passes on exit 0 in the first container, quoting stdout, and always sends tty=false', async () => {
    const spy = jest.spyOn(k8s.Exec.prototype, 'exec');
    try {
      const outcome = await run({
        podSelector: { app: 'db' },
        command: ['pg_isready', '-h', 'localhost'],
      });
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toMatch(
        /^`pg_isready -h localhost` in db-[a-z0-9-]+\/postgres exited 0; stdout: \/var\/run\/postgresql:5432 - accepting connections$/,
      );
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0][7]).toBe(false);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails on exit 3 with stderr and stdout excerpts', async () => {
    const outcome = await run({
      podSelector: { app: 'db' },
      command: ['check-orders'],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      /^`check-orders` in db-[a-z0-9-]+\/postgres exited 3, expected 0; stderr: orders: 0 rows, expected > 0; stdout: checked 120 tables$/,
    );
  });

  it('passes when the exit code is the declared successExitCode', async () => {
    const outcome = await run({
      podSelector: { app: 'db' },
      container: 'exporter',
      command: ['check-orders'],
      successExitCode: 3,
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toContain('/exporter exited 3;');
  });

  it('runs shell commands and reports their exit code', async () => {
    const outcome = await run({
      podSelector: { app: 'db' },
      command: ['sh', '-c', 'echo hi; exit 7'],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(/exited 7, expected 0; stdout: hi$/);
  });

  it('fails when no pod is Running and Ready, saying why', async () => {
    const outcome = await run({
      podSelector: { app: 'down' },
      command: ['true'],
    });
    expect(outcome.status).toBe('fail');
    expect(outcome.message).toMatch(
      new RegExp(
        `^no Running and Ready pod matches app=down in ${ns}; Pod down-[a-z0-9-]+ not Ready: `,
      ),
    );
  });

  it('runs in the sandbox whose pods match when the check names no namespace, and refuses to guess between several', async () => {
    const front = await c.sandbox('front');
    const check = (podSelector: Record<string, string>) => ({
      name: 'db-exec',
      type: 'exec',
      exec: { podSelector, command: ['pg_isready'] },
    });
    const outcome = await execCheck.run(
      check({ app: 'db' }),
      c.runContext({ front, shop: ns }),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message: expect.stringMatching(
        /^`pg_isready` in db-[a-z0-9-]+\/postgres exited 0; stdout: /,
      ),
      namespaces: ['shop'],
    });
    await c.app(front, 'db', { annotations: { 'sim.kymaros.io/exec': rules } });
    await c.readyPods(front, 'db');
    await expect(
      execCheck.run(check({ app: 'db' }), c.runContext({ front, shop: ns })),
    ).resolves.toMatchObject({
      status: 'fail',
      message: `pods matching app=db found in 2 sandboxes (${front} (front), ${ns} (shop)): name the one to check with namespace: front or namespace: shop`,
    });
    await expect(
      execCheck.run(check({ app: 'ghost' }), c.runContext({ front, shop: ns })),
    ).resolves.toEqual({
      status: 'fail',
      message: `pods matching app=ghost not found in any sandbox (searched ${front} (front), ${ns} (shop))`,
      namespaces: ['front', 'shop'],
    });
  });

  it('fails on an unknown container', async () => {
    const outcome = await run({
      podSelector: { app: 'db' },
      container: 'redis',
      command: ['true'],
    });
    expect(outcome).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        /^Pod db-[a-z0-9-]+ has no container "redis" \(containers: postgres, exporter\)$/,
      ),
    });
  });

  it('fails naming the pod when the write guard refuses the exec', async () => {
    const outcome = await execCheck.run(
      {
        name: 'db-exec',
        type: 'exec',
        exec: { podSelector: { app: 'db' }, command: ['pg_isready'] },
      },
      c.context(ns, {
        kubeConfig: guardedKubeConfig(c.kc, new WriteGuard([])),
      }),
    );
    expect(outcome).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        new RegExp(
          `^\`pg_isready\` in (db-[a-z0-9-]+)/postgres could not run: exec into pod ${ns}/\\1 refused: not a sandbox of this run$`,
        ),
      ),
    });
  });

  it('rejects when the signal is aborted', async () => {
    await expect(
      run(
        { podSelector: { app: 'db' }, command: ['true'] },
        AbortSignal.abort(new Error('timed out')),
      ),
    ).rejects.toThrow('timed out');
  });

  it('reads exit codes from exec Status objects', () => {
    expect(exitCodeOf({ status: 'Success' })).toEqual({ exitCode: 0 });
    expect(
      exitCodeOf({
        status: 'Failure',
        reason: 'NonZeroExitCode',
        message: 'command terminated with non-zero exit code',
        details: { causes: [{ reason: 'ExitCode', message: '42' }] },
      }),
    ).toEqual({ exitCode: 42 });
    expect(
      exitCodeOf({
        status: 'Failure',
        reason: 'InternalError',
        message: 'container not found ("x")',
      }),
    ).toEqual({ error: 'container not found ("x")' });
    expect(exitCodeOf(undefined)).toEqual({
      error: 'the exec stream closed without a status',
    });
  });

  it('validates its block', () => {
    const v = (exec: any) =>
      validateSettings(execCheck, { name: 'e', type: 'exec', exec });
    expect(
      v({ podSelector: { app: 'db' }, command: ['true'] }),
    ).toBeUndefined();
    expect(v({ podSelector: { app: 'db' }, command: [] })).toBe(
      'exec.command: must not be empty',
    );
    expect(v({ podSelector: { app: 'db' }, command: 'true' })).toBe(
      'exec.command: must be a list of strings',
    );
    expect(
      v({ podSelector: { app: 'db' }, command: ['x'], successExitCode: 300 }),
    ).toBe('exec.successExitCode: Number must be less than or equal to 255');
  });
});
