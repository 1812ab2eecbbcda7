import * as k8s from '@kubernetes/client-node';
import { simulatorAdmin } from '@kymaros/kube-simulator/src/contract/endpoint';
import { CheckCluster, checkCluster } from './__testUtils__/cluster';
import { buildCheckJob, labelValue, queryCheck, scriptCheck } from './jobCheck';
import { validateSettings } from './validation';

jest.setTimeout(30_000);

describe('query and script checks', () => {
  let c: CheckCluster;
  let ns: string;
  beforeAll(async () => {
    c = await checkCluster({
      scenario: {
        jobs: [
          {
            image: '^postgres:',
            command: 'SELECT count',
            exitCode: 0,
            // No trailing newline: the simulator's tailLines counts the empty string after it as a line.
            log: 'starting\nconnecting\n count \n-------\n   120\n(1 row)',
          },
          {
            image: '^postgres:',
            command: 'verify-orders',
            exitCode: 2,
            log: 'ERROR:  relation "orders" does not exist',
          },
          {
            image: '^busybox',
            command: 'sleep',
            exitCode: 0,
            durationMs: 20_000,
          },
        ],
      },
    });
    ns = await c.sandbox('orders');
    await c.core.createNamespacedSecret({
      namespace: ns,
      body: {
        metadata: { name: 'db-credentials' },
        stringData: { password: 's3cret' },
      },
    });
  });
  afterAll(() => c.stop());

  const jobsLeft = async () =>
    (await c.batch.listNamespacedJob({ namespace: ns })).items.filter(
      j => !j.metadata?.deletionTimestamp,
    );

  it('passes when the query Job exits 0, quoting the log, and deletes the Job', async () => {
    const create = jest.spyOn(k8s.BatchV1Api.prototype, 'createNamespacedJob');
    try {
      const outcome = await queryCheck.run(
        {
          name: 'orders-count',
          type: 'query',
          query: {
            image: 'postgres:16',
            command: ['psql', '-c', 'SELECT count(*) FROM orders'],
            env: [
              { name: 'PGHOST', value: 'orders-db' },
              {
                name: 'PGPASSWORD',
                secretKeyRef: { name: 'db-credentials', key: 'password' },
              },
            ],
            envFromSecrets: ['db-credentials'],
          },
        },
        c.context(ns, { timeoutMs: 10_000 }),
      );
      expect(outcome.status).toBe('pass');
      expect(outcome.message).toMatch(
        /^query Job kymaros-query-orders-count-[a-z0-9]{5} exited 0; log: connecting \| count \| ------- \| 120 \| \(1 row\)$/,
      );
      const sent = (create.mock.calls[0][0] as any).body as k8s.V1Job;
      expect(sent.metadata?.labels).toEqual({
        'kymaros.io/managed-by': 'kymaros-backstage',
        'kymaros.io/test': 'shop-nightly',
        'kymaros.io/check': 'orders-count',
      });
      expect(sent.spec).toMatchObject({
        backoffLimit: 0,
        activeDeadlineSeconds: 10,
      });
      expect(sent.spec?.template.spec?.containers[0]).toMatchObject({
        env: [
          { name: 'PGHOST', value: 'orders-db' },
          {
            name: 'PGPASSWORD',
            valueFrom: {
              secretKeyRef: { name: 'db-credentials', key: 'password' },
            },
          },
        ],
        envFrom: [{ secretRef: { name: 'db-credentials' } }],
      });
      expect(await jobsLeft()).toEqual([]);
    } finally {
      create.mockRestore();
    }
  });

  it('fails on another exit code, with the log tail, and deletes the Job', async () => {
    const outcome = await scriptCheck.run(
      {
        name: 'orders-verify',
        type: 'script',
        script: {
          image: 'postgres:16',
          command: ['/scripts/verify-orders.sh'],
        },
      },
      c.context(ns, { timeoutMs: 10_000 }),
    );
    expect(outcome).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        /^script Job kymaros-script-orders-verify-[a-z0-9]{5} exited 2, expected 0; log: ERROR: relation "orders" does not exist$/,
      ),
    });
    expect(await jobsLeft()).toEqual([]);
  });

  it('passes when the exit code is the declared successExitCode', async () => {
    const outcome = await scriptCheck.run(
      {
        name: 'expect-2',
        type: 'script',
        script: {
          image: 'postgres:16',
          args: ['verify-orders'],
          successExitCode: 2,
        },
      },
      c.context(ns, { timeoutMs: 10_000 }),
    );
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(/ exited 2; log: /);
  });

  it('rides out transient API errors while waiting for the Job', async () => {
    await simulatorAdmin(c.kc, 'POST', '/simulator/v1/faults', {
      path: '/jobs/kymaros-query-flaky-',
      method: 'GET',
      status: 503,
      times: 2,
    });
    const outcome = await queryCheck.run(
      {
        name: 'flaky',
        type: 'query',
        query: {
          image: 'postgres:16',
          command: ['psql', '-c', 'SELECT count(*) FROM t'],
        },
      },
      c.context(ns, { timeoutMs: 10_000 }),
    );
    expect(outcome.status).toBe('pass');
    const faults = await simulatorAdmin(c.kc, 'GET', '/simulator/v1/faults');
    expect(JSON.stringify(faults)).not.toContain('kymaros-query-flaky-');
  });

  it('fails at its deadline, saying where the Job was, and still deletes it', async () => {
    const started = Date.now();
    const outcome = await queryCheck.run(
      {
        name: 'slow',
        type: 'query',
        query: { image: 'busybox', command: ['sleep', '60'] },
      },
      c.context(ns, { timeoutMs: 1500 }),
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(outcome).toEqual({
      status: 'fail',
      message: expect.stringMatching(
        /^query Job kymaros-query-slow-[a-z0-9]{5} did not finish within 1\.\ds; Pod kymaros-query-slow-[a-z0-9]{5}-[a-z0-9]{5}: Running$/,
      ),
    });
    expect(await jobsLeft()).toEqual([]);
  });

  it('deletes the Job when the run is aborted', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('run cancelled')), 300);
    await expect(
      queryCheck.run(
        {
          name: 'aborted',
          type: 'query',
          query: { image: 'busybox', command: ['sleep', '60'] },
        },
        c.context(ns, { timeoutMs: 20_000, signal: controller.signal }),
      ),
    ).rejects.toThrow('run cancelled');
    expect(await jobsLeft()).toEqual([]);
  });

  it('runs the Job in the sandbox holding the Secrets it reads when the check names no namespace', async () => {
    const front = await c.sandbox('front');
    const create = jest.spyOn(k8s.BatchV1Api.prototype, 'createNamespacedJob');
    const query = (envFromSecrets?: string[]) => ({
      name: 'orders-count',
      type: 'query',
      query: {
        image: 'postgres:16',
        command: ['psql', '-c', 'SELECT count(*) FROM orders'],
        envFromSecrets,
      },
    });
    const sandboxes = { front, orders: ns };
    try {
      await expect(
        queryCheck.run(
          query(['db-credentials']),
          c.runContext(sandboxes, { timeoutMs: 10_000 }),
        ),
      ).resolves.toMatchObject({ status: 'pass', namespaces: ['orders'] });
      expect(create.mock.calls[0][0].namespace).toBe(ns);
      // With nothing to be found by, it runs in the test's first namespace.
      const outcome = await queryCheck.run(
        query(),
        c.runContext(sandboxes, { timeoutMs: 10_000 }),
      );
      expect(outcome.namespaces).toBeUndefined();
      expect(create.mock.calls[1][0].namespace).toBe(front);
      await expect(
        queryCheck.run(
          query(['db-credentials', 'replica-credentials']),
          c.runContext(sandboxes, { timeoutMs: 10_000 }),
        ),
      ).resolves.toEqual({
        status: 'fail',
        message: `Secrets db-credentials, replica-credentials not found in any sandbox (searched ${front} (front), ${ns} (orders))`,
        namespaces: ['front', 'orders'],
      });
      expect(create).toHaveBeenCalledTimes(2);
    } finally {
      create.mockRestore();
    }
  });

  it('builds a valid Job name and labels from any check name', () => {
    const job = buildCheckJob(
      'query',
      { name: 'Orders DB: row count / '.repeat(5), type: 'query' },
      { image: 'x' },
      { labels: {}, timeoutMs: 1200 },
    );
    expect(job.metadata?.generateName).toMatch(/^[a-z0-9-]{1,57}-$/);
    expect(job.metadata?.generateName).toMatch(
      /^kymaros-query-orders-db-row-count-/,
    );
    expect(job.spec?.activeDeadlineSeconds).toBe(2);
    expect(labelValue('--a b--')).toBe('a-b');
    expect(labelValue('x'.repeat(80))).toHaveLength(63);
    expect(job.metadata?.labels?.['kymaros.io/check']).toMatch(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]$/,
    );
  });

  it('validates its block', () => {
    const v = (query: any) =>
      validateSettings(queryCheck, { name: 'q', type: 'query', query });
    expect(v({ image: 'postgres:16', command: ['psql'] })).toBeUndefined();
    expect(v({ command: ['psql'] })).toBe('query.image: is required');
    expect(v({ image: 'x', env: [{ name: 'A' }] })).toBe(
      'query.env.0: needs exactly one of value and secretKeyRef',
    );
    expect(
      validateSettings(scriptCheck, {
        name: 's',
        type: 'script',
        query: { image: 'x' },
      }),
    ).toBe('script check "s" needs a script block');
  });
});
