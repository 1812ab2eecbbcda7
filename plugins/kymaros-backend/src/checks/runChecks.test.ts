import { mockServices } from '@backstage/backend-test-utils';
import type {
  CheckContext,
  CheckOutcome,
  CheckType,
} from '@kymaros/plugin-kymaros-node';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';
import { z } from 'zod';
import { DEFAULT_CHECK_TIMEOUT_MS, planChecks } from './planChecks';
import { runChecks } from './runChecks';

/** A fake check type: each check's `fake` block says what it does. */
interface FakeBehaviour {
  outcomes?: CheckOutcome['status'][];
  delayMs?: number;
  hang?: boolean;
  throws?: string;
  garbage?: boolean;
  /** What the outcome says about where the check ran. */
  namespaces?: unknown;
  /** A limit in the block, where Kymaros writes it. */
  retries?: number;
}

function fakeType(log: string[], signals: Map<string, AbortSignal>): CheckType {
  const calls = new Map<string, number>();
  return {
    type: 'fake',
    settings: z.object({}).passthrough(),
    async run(check, context) {
      const b = check.fake as FakeBehaviour;
      const n = (calls.get(check.name) ?? 0) + 1;
      calls.set(check.name, n);
      signals.set(check.name, context.signal);
      log.push(`start ${check.name}`);
      if (b.hang) return new Promise<CheckOutcome>(() => {});
      await new Promise(r => setTimeout(r, b.delayMs ?? 5));
      log.push(`end ${check.name}`);
      if (b.throws) throw new Error(b.throws);
      if (b.garbage) return undefined as any;
      const outcomes = b.outcomes ?? ['pass'];
      const status = outcomes[Math.min(n, outcomes.length) - 1];
      return {
        status,
        message: `${check.name} ${status} on attempt ${n}`,
        ...(b.namespaces === undefined
          ? {}
          : { namespaces: b.namespaces as any }),
      };
    },
  };
}

function setup(
  options: {
    concurrency?: number;
    signal?: AbortSignal;
    contextFor?: (c: HealthCheck) => CheckContext;
  } = {},
) {
  const log: string[] = [];
  const signals = new Map<string, AbortSignal>();
  const types = new Map<string, CheckType>([['fake', fakeType(log, signals)]]);
  const context = (check: HealthCheck): CheckContext => ({
    kubeConfig: {} as any,
    sandbox: 'sb-1',
    sourceNamespace: 'shop',
    sandboxes: { shop: 'sb-1' },
    namespacePinned: false,
    signal: new AbortController().signal,
    timeoutMs: 0,
    logger: mockServices.logger.mock(),
    labels: { check: check.name },
  });
  const run = (checks: HealthCheck[]) =>
    runChecks(checks, {
      types,
      contextFor: options.contextFor ?? context,
      logger: mockServices.logger.mock(),
      signal: options.signal ?? new AbortController().signal,
      concurrency: options.concurrency,
      retryDelayMs: 20,
    });
  return { log, signals, run, types };
}

const fake = (
  name: string,
  behaviour: FakeBehaviour = {},
  extra: Partial<HealthCheck> = {},
): HealthCheck => ({
  name,
  type: 'fake',
  fake: behaviour,
  ...extra,
});

describe('runChecks', () => {
  it('returns one result per check in definition order', async () => {
    const { run } = setup();
    const results = await run([fake('slow', { delayMs: 60 }), fake('quick')]);
    expect(
      results.map(r => [r.name, r.status, r.type, r.namespace, r.attempts]),
    ).toEqual([
      ['slow', 'pass', 'fake', 'shop', 1],
      ['quick', 'pass', 'fake', 'shop', 1],
    ]);
    expect(results[0].message).toBe('slow pass on attempt 1');
    expect(results[0].duration).toMatch(/^\d+ms$/);
  });

  it('names where a check ran: the namespaces its outcome found its target in, else its own or the first', async () => {
    const { run } = setup();
    const results = await run([
      fake('found-in-data', { namespaces: ['data'] }),
      fake('spanning', { namespaces: ['shop', 'data'] }),
      fake('pinned', {}, { namespace: 'data' }),
      fake('plain'),
      fake('garbled', { namespaces: 'data' }),
    ]);
    expect(results.map(r => [r.name, r.namespace])).toEqual([
      ['found-in-data', 'data'],
      ['spanning', 'shop, data'],
      ['pinned', 'data'],
      ['plain', 'shop'],
      ['garbled', 'shop'],
    ]);
  });

  it('fails unusable definitions with the exact reason and still runs the others', async () => {
    const { run, log } = setup();
    const results = await run([
      { name: 'mystery', type: 'grpc' },
      { name: 'blockless', type: 'fake' },
      { name: '', type: 'fake', fake: {} } as HealthCheck,
      fake('twin'),
      fake('twin'),
      { name: 'untyped' } as HealthCheck,
      fake('bad-timeout', {}, { timeout: 'soon' }),
      fake('bad-retries', {}, { retries: -1 }),
      fake('ok'),
    ]);
    expect(results.map(r => [r.name, r.status, r.message])).toEqual([
      ['mystery', 'fail', 'unknown check type "grpc" (known: fake)'],
      ['blockless', 'fail', 'fake check "blockless" needs a fake block'],
      ['check #3', 'fail', 'check #3 has no name'],
      ['twin', 'pass', 'twin pass on attempt 1'],
      ['twin', 'fail', 'duplicate check name "twin": names must be unique'],
      ['untyped', 'fail', 'check "untyped" has no type'],
      [
        'bad-timeout',
        'fail',
        'timeout: invalid duration "soon": expected a duration such as 30s, 5m or 1h30m',
      ],
      ['bad-retries', 'fail', 'retries must be a whole number from 0 to 10'],
      ['ok', 'pass', 'ok pass on attempt 1'],
    ]);
    expect(results.every(r => r.status !== 'fail' || r.duration === '0s')).toBe(
      true,
    );
    expect(log.filter(l => l.startsWith('start'))).toEqual([
      'start twin',
      'start ok',
    ]);
  });

  it('fails unknown dependencies and cycles, and skips what depends on them', async () => {
    const { run, log } = setup();
    const results = await run([
      fake('a', {}, { dependsOn: ['b'] }),
      fake('b', {}, { dependsOn: ['a'] }),
      fake('self', {}, { dependsOn: ['self'] }),
      fake('orphan', {}, { dependsOn: ['ghost'] }),
      fake('after-cycle', {}, { dependsOn: ['a'] }),
      fake('free'),
    ]);
    expect(results.map(r => [r.name, r.status, r.message])).toEqual([
      ['a', 'fail', 'dependsOn cycle: a → b → a'],
      ['b', 'fail', 'dependsOn cycle: b → a → b'],
      ['self', 'fail', 'dependsOn cycle: self → self'],
      ['orphan', 'fail', 'dependsOn names unknown check "ghost"'],
      ['after-cycle', 'skip', 'Skipped: a failed, downstream checks aborted'],
      ['free', 'pass', 'free pass on attempt 1'],
    ]);
    expect(log).toEqual(['start free', 'end free']);
  });

  it('skips every check downstream of a failure, naming the failed check', async () => {
    const { run, log } = setup();
    const results = await run([
      fake('api-http-ready', {}, { dependsOn: ['postgres-pod-ready'] }),
      fake('postgres-pod-ready', { outcomes: ['fail'] }),
      fake('worker-pod-running', {}, { dependsOn: ['api-http-ready'] }),
      fake('cache-ready'),
    ]);
    expect(results.map(r => [r.name, r.status, r.duration, r.message])).toEqual(
      [
        [
          'api-http-ready',
          'skip',
          '0s',
          'Skipped: postgres-pod-ready failed, downstream checks aborted',
        ],
        [
          'postgres-pod-ready',
          'fail',
          expect.stringMatching(/ms$/),
          'postgres-pod-ready fail on attempt 1',
        ],
        [
          'worker-pod-running',
          'skip',
          '0s',
          'Skipped: postgres-pod-ready failed, downstream checks aborted',
        ],
        [
          'cache-ready',
          'pass',
          expect.stringMatching(/ms$/),
          'cache-ready pass on attempt 1',
        ],
      ],
    );
    expect(log).not.toContain('start api-http-ready');
    expect(log).not.toContain('start worker-pod-running');
  });

  it('skips the dependants of a check whose definition is invalid', async () => {
    const { run } = setup();
    const results = await run([
      { name: 'db', type: 'fake' },
      fake('api', {}, { dependsOn: ['db'] }),
    ]);
    expect(results[1]).toMatchObject({
      status: 'skip',
      message: 'Skipped: db failed, downstream checks aborted',
    });
  });

  it('runs a check only after everything it depends on has passed', async () => {
    const { run, log } = setup();
    const results = await run([
      fake('api', {}, { dependsOn: ['db', 'cache'] }),
      fake('db', { delayMs: 50 }),
      fake('cache', { delayMs: 10 }),
    ]);
    expect(results.map(r => r.status)).toEqual(['pass', 'pass', 'pass']);
    expect(log.indexOf('start api')).toBeGreaterThan(log.indexOf('end db'));
    expect(log.indexOf('start api')).toBeGreaterThan(log.indexOf('end cache'));
    // Independent checks overlap.
    expect(log.indexOf('start cache')).toBeLessThan(log.indexOf('end db'));
  });

  it('runs independent checks concurrently, no more than the limit at once', async () => {
    const { run, log } = setup({ concurrency: 2 });
    await run(['a', 'b', 'c', 'd', 'e'].map(n => fake(n, { delayMs: 30 })));
    let active = 0;
    let peak = 0;
    for (const entry of log) {
      active += entry.startsWith('start') ? 1 : -1;
      peak = Math.max(peak, active);
    }
    expect(peak).toBe(2);
  });

  it('fails a hung check at its timeout and aborts its signal', async () => {
    const { run, signals } = setup();
    const started = Date.now();
    const results = await run([
      fake('hung', { hang: true }, { timeout: '200ms' }),
      fake('after', {}, { dependsOn: ['hung'] }),
    ]);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(results[0]).toMatchObject({
      status: 'fail',
      message: 'timed out after 200ms',
    });
    expect(results[1].message).toBe(
      'Skipped: hung failed, downstream checks aborted',
    );
    expect(signals.get('hung')!.aborted).toBe(true);
  });

  it('times a check out after 30s when it sets no timeout', async () => {
    jest.useFakeTimers();
    try {
      const { run } = setup();
      const pending = run([fake('hung', { hang: true })]);
      await jest.advanceTimersByTimeAsync(29_999);
      let settled = false;
      pending.then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(settled).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      const [result] = await pending;
      expect(result).toMatchObject({
        status: 'fail',
        message: 'timed out after 30s',
        duration: '30s',
      });
    } finally {
      jest.useRealTimers();
    }
  });

  it('takes timeout and retries from the type block when the check sets none; 30s by default', () => {
    const types = new Map<string, CheckType>([
      [
        'httpGet',
        {
          type: 'httpGet',
          settings: z.unknown(),
          run: async () => ({ status: 'pass', message: '' }),
        },
      ],
    ]);
    const [plain, fromBlock, fromCheck] = planChecks(
      [
        {
          name: 'a',
          type: 'httpGet',
          httpGet: { service: 's', port: 80, path: '/' },
        },
        {
          name: 'b',
          type: 'httpGet',
          httpGet: {
            service: 's',
            port: 80,
            path: '/',
            timeout: '10s',
            retries: 3,
          },
        },
        {
          name: 'c',
          type: 'httpGet',
          timeout: '1m',
          retries: 1,
          httpGet: { service: 's', port: 80, path: '/', timeout: '10s' },
        },
      ],
      types,
    );
    expect(DEFAULT_CHECK_TIMEOUT_MS).toBe(30_000);
    expect([plain.timeoutMs, plain.attempts]).toEqual([30_000, 1]);
    expect([fromBlock.timeoutMs, fromBlock.attempts]).toEqual([10_000, 3]);
    expect([fromCheck.timeoutMs, fromCheck.attempts]).toEqual([60_000, 1]);
  });

  it('retries a failing check with a growing backoff until it passes', async () => {
    const { run } = setup();
    const started = Date.now();
    const [result] = await run([
      fake('flaky', { outcomes: ['fail', 'fail', 'pass'] }, { retries: 3 }),
    ]);
    expect(result).toMatchObject({
      status: 'pass',
      attempts: 3,
      message: 'flaky pass on attempt 3',
    });
    // 20 ms then 40 ms of backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('makes as many attempts in total as retries says, as Kymaros does, and names them on failure', async () => {
    const { run } = setup();
    const results = await run([
      fake('three', { outcomes: ['fail'] }, { retries: 3 }),
      fake('in-block', { outcomes: ['fail'], retries: 2 }),
      fake('one', { outcomes: ['fail'] }, { retries: 1 }),
      fake('zero', { outcomes: ['fail'] }, { retries: 0 }),
    ]);
    expect(results.map(r => [r.name, r.attempts, r.message])).toEqual([
      ['three', 3, 'three fail on attempt 3 (after 3 attempts)'],
      ['in-block', 2, 'in-block fail on attempt 2 (after 2 attempts)'],
      ['one', 1, 'one fail on attempt 1'],
      ['zero', 1, 'zero fail on attempt 1'],
    ]);
  });

  it('turns thrown errors, malformed outcomes and context failures into failures', async () => {
    const { run } = setup({
      contextFor: check => {
        if (check.name === 'nowhere')
          throw new Error('no sandbox for namespace "billing"');
        return { labels: {}, sourceNamespace: 'shop' } as any;
      },
    });
    const results = await run([
      fake('throws', { throws: 'connect ECONNREFUSED 10.0.0.1:443' }),
      fake('garbage', { garbage: true }),
      fake('nowhere'),
    ]);
    expect(results.map(r => [r.status, r.message])).toEqual([
      ['fail', 'connect ECONNREFUSED 10.0.0.1:443'],
      ['fail', 'the check type returned no outcome'],
      [
        'fail',
        'could not prepare the check: no sandbox for namespace "billing"',
      ],
    ]);
  });

  it('skips running and waiting checks when the run is aborted', async () => {
    const controller = new AbortController();
    const { run, signals } = setup({
      signal: controller.signal,
      concurrency: 1,
    });
    setTimeout(() => controller.abort(new Error('backend shutting down')), 50);
    const results = await run([
      fake('hung', { hang: true }),
      fake('next'),
      fake('later', {}, { dependsOn: ['next'] }),
    ]);
    expect(results.map(r => [r.status, r.message])).toEqual([
      ['skip', 'Skipped: run aborted (backend shutting down)'],
      ['skip', 'Skipped: run aborted (backend shutting down)'],
      ['skip', 'Skipped: run aborted (backend shutting down)'],
    ]);
    expect(signals.get('hung')!.aborted).toBe(true);
  });

  it('returns an empty list for no checks', async () => {
    await expect(setup().run([])).resolves.toEqual([]);
  });
});
