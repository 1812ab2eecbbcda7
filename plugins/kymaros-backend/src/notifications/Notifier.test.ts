import { createHmac } from 'node:crypto';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { RestoreTestSpec } from '@kymaros/plugin-kymaros-common';
import { DatabaseKymarosStore } from '../store/DatabaseKymarosStore';
import type { StoredTest } from '../store/KymarosStore';
import { testRecord } from '../store/__testUtils__/fixtures';
import { recordFinishedRun } from '../reports/recordFinishedRun';
import type { ReportFacts } from '../reports/reportFacts';
import { Notifier } from './Notifier';
import { readNotificationsConfig } from './readNotificationsConfig';
import { type Answer, startReceiver } from './__testUtils__/receiver';
import { notStartedFacts, runFacts } from './__testUtils__/runs';

const SIGNING_KEY = 'whsec-SECRET-9c1f';
const DAY = 86_400_000;

/** Verifies a body as docs/notifications.md tells receivers to. */
function validSignature(headers: Record<string, unknown>, body: string) {
  const timestamp = String(headers['x-kymaros-timestamp']);
  const expected = `sha256=${createHmac('sha256', SIGNING_KEY)
    .update(`${timestamp}.${body}`)
    .digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) < 300;
  return headers['x-kymaros-signature'] === expected && fresh;
}

describe('Notifier', () => {
  let knex: Knex;
  let store: DatabaseKymarosStore;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let day = 0;

  const logged = () =>
    [
      ...logger.info.mock.calls,
      ...logger.warn.mock.calls,
      ...logger.error.mock.calls,
    ]
      .map(c => String(c[0]))
      .join('\n');

  async function setUp(
    answer: (n: number) => Answer = () => 200,
    spec: Partial<RestoreTestSpec> = {},
    { secrets, ...settings }: { secrets?: object; [key: string]: unknown } = {},
  ) {
    receiver = await startReceiver(answer);
    logger = mockServices.logger.mock();
    const notifier = new Notifier({
      config: readNotificationsConfig(
        new ConfigReader({
          app: { baseUrl: 'https://backstage.example.com/' },
          kymaros: {
            notifications: {
              secrets: {
                'slack-hook': { url: receiver.url('/slack/T00/B00/SECRET') },
                'ops-hook': {
                  url: receiver.url('/hook/SECRET'),
                  signingSecret: SIGNING_KEY,
                },
                'wins-hook': { url: receiver.url('/success/SECRET') },
                ...secrets,
              },
              ...settings,
            },
          },
        }),
      ),
      logger,
      backoffMs: 20,
    });
    await store.upsertTests([
      testRecord('component:default/orders', 'orders-nightly', {
        cluster: 'restore-lab',
        spec: {
          ...testRecord('component:default/orders', 'orders-nightly').spec!,
          sla: { maxRTO: '15m' },
          notifications: {
            onFailure: [
              {
                type: 'slack',
                channel: '#orders',
                webhookSecretRef: 'slack-hook',
              },
              { type: 'webhook', webhookSecretRef: 'ops-hook' },
            ],
            onSuccess: [{ type: 'webhook', webhookSecretRef: 'wins-hook' }],
          },
          ...spec,
        },
      }),
    ]);
    return notifier;
  }

  /** Records a run of the test as the runner does, then waits for its messages. */
  async function record(
    notifier: Notifier,
    facts: (at: Date) => ReportFacts,
    wait = true,
  ): Promise<void> {
    const test = (await store.getTest(
      'component:default/orders:orders-nightly',
    )) as StoredTest;
    const runId = `r${day}`;
    await store.tryStartRun({
      testId: test.id,
      runId,
      owner: 'replica-a',
      cluster: 'restore-lab',
      maxConcurrentPerCluster: 1,
      leaseMs: 60_000,
      triggeredBy: 'schedule',
    });
    const at = new Date(Date.UTC(2026, 10, 1) + day++ * DAY);
    await recordFinishedRun(
      { store, logger, historyLimit: 50, onRecorded: notifier.onRecorded },
      {
        test,
        runId,
        facts: facts(at),
        report: { cluster: 'restore-lab', provider: 'velero' },
      },
      { by: 'runner' },
    );
    if (wait) await notifier.settled();
  }

  beforeEach(async () => {
    day = 0;
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    store = await DatabaseKymarosStore.create({ knex });
  });
  afterEach(async () => {
    await receiver?.close();
    await knex.destroy();
  });

  it('sends one message per state change, to the targets it concerns, and none while the state is unchanged', async () => {
    const notifier = await setUp();
    const pass = (at: Date) => runFacts(at);
    const fail = (at: Date) =>
      runFacts(at, {
        failing: {
          restoreIntegrity: 'velero restore partially failed',
          podStartup: 'api not ready',
        },
      });
    const partial = (at: Date) =>
      runFacts(at, { failing: { internalHealth: 'GET /healthz: 503' } });
    const counts = () => ({
      slack: receiver.bodies('/slack/T00/B00/SECRET').length,
      hook: receiver.bodies('/hook/SECRET').length,
      wins: receiver.bodies('/success/SECRET').length,
    });

    await record(notifier, pass); // first pass
    expect(counts()).toEqual({ slack: 0, hook: 0, wins: 1 });
    await record(notifier, pass);
    expect(counts()).toEqual({ slack: 0, hook: 0, wins: 1 });
    await record(notifier, fail); // first failure
    expect(counts()).toEqual({ slack: 1, hook: 1, wins: 1 });
    await record(notifier, fail);
    await record(notifier, notStartedFacts); // still failing (error)
    expect(counts()).toEqual({ slack: 1, hook: 1, wins: 1 });
    await record(notifier, pass); // recovery
    expect(counts()).toEqual({ slack: 2, hook: 2, wins: 2 });
    await record(notifier, partial); // regression: 100 → 80
    expect(counts()).toEqual({ slack: 3, hook: 3, wins: 2 });
    await record(notifier, partial);
    expect(counts()).toEqual({ slack: 3, hook: 3, wins: 2 });

    const hook = receiver.received.filter(r => r.path === '/hook/SECRET');
    expect(hook.map(r => r.headers['x-kymaros-event'])).toEqual([
      'failure',
      'recovery',
      'regression',
    ]);
    hook.forEach(r => expect(validSignature(r.headers, r.body)).toBe(true));
    expect(new Set(hook.map(r => r.headers['x-kymaros-delivery'])).size).toBe(
      3,
    );
    expect(notifier.counts).toEqual({
      sent: 8,
      failed: 0,
      retried: 0,
      dropped: 0,
    });
  });

  it('says what happened, why, the RTO against its target and where to look, in the documented webhook body', async () => {
    const notifier = await setUp();
    await record(notifier, at => runFacts(at));
    await record(notifier, at =>
      runFacts(at, {
        failing: {
          restoreIntegrity: 'velero restore partially failed',
          completeness: '2 of 3 deployments restored',
        },
        rtoMinutes: 12,
      }),
    );
    const [body] = receiver.bodies('/hook/SECRET');
    expect(body).toEqual({
      schema: 'kymaros.notification/v1',
      event: 'failure',
      events: ['failure'],
      summary: 'Restore test orders-nightly failed',
      sentAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      test: {
        id: 'component:default/orders:orders-nightly',
        name: 'orders-nightly',
        cluster: 'restore-lab',
      },
      entity: {
        ref: 'component:default/orders',
        url: 'https://backstage.example.com/catalog/default/component/orders/kymaros',
      },
      report: {
        name: expect.stringMatching(/^orders-nightly-\d{8}-\d{6}$/),
        score: 55,
        result: 'fail',
        completedAt: expect.any(String),
      },
      previous: {
        name: expect.stringMatching(/^orders-nightly-\d{8}-\d{6}$/),
        score: 100,
        result: 'pass',
      },
      reason: 'Restore integrity: velero restore partially failed',
      rto: {
        measured: '12m',
        measuredMs: 720_000,
        target: '15m',
        targetMs: 900_000,
        withinSLA: true,
      },
      regression: {
        previousReport: expect.any(String),
        previousScore: 100,
        scoreDelta: -45,
        levels: ['restoreIntegrity', 'completeness'],
      },
    });
  });

  const onlyOpsHook = {
    notifications: {
      onFailure: [{ type: 'webhook' as const, webhookSecretRef: 'ops-hook' }],
    },
  };
  const pass = (at: Date) => runFacts(at);
  const fail = (at: Date) =>
    runFacts(at, {
      failing: { restoreIntegrity: 'failed', completeness: 'missing' },
    });

  it('sends Slack an incoming-webhook body: text, blocks, the channel, and report text escaped', async () => {
    const notifier = await setUp();
    await record(notifier, pass);
    await record(notifier, at =>
      runFacts(at, {
        failing: {
          restoreIntegrity: 'restore <orders-1> & <orders-2> partially failed',
          podStartup: 'api not ready',
        },
      }),
    );
    const [slack] = receiver.bodies('/slack/T00/B00/SECRET');
    expect(slack.channel).toBe('#orders');
    expect(slack.text).toBe(
      ':x: Restore test orders-nightly failed: 55/100 (fail), was 100/100 (pass), component:default/orders',
    );
    expect(slack.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: expect.stringContaining(
            ':x: *Restore test orders-nightly failed*\n<https://backstage.example.com/catalog/default/component/orders/kymaros|component:default/orders> · report `orders-nightly-',
          ),
        },
      },
      {
        type: 'section',
        fields: [
          {
            type: 'mrkdwn',
            text: '*Score*\n55/100 (fail), was 100/100 (pass)',
          },
          { type: 'mrkdwn', text: '*RTO*\n10m (target 15m, within)' },
        ],
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*Reason*\nRestore integrity: restore &lt;orders-1&gt; &amp; &lt;orders-2&gt; partially failed\nScore 100 → 55 (-45); failing now: Restore integrity, Pod startup',
        },
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '<https://backstage.example.com/catalog/default/component/orders/kymaros|Open the Restore tab>',
          },
        ],
      },
    ]);
  });

  it('with sla.alertOnExceed, tells the onFailure targets once when the RTO goes over its target and once when it is back', async () => {
    const notifier = await setUp(() => 200, {
      sla: { maxRTO: '15m', alertOnExceed: true },
      ...onlyOpsHook,
    });
    const slow = (at: Date) => runFacts(at, { rtoMinutes: 21 });
    await record(notifier, pass);
    await record(notifier, slow);
    await record(notifier, slow);
    await record(notifier, pass);
    await record(notifier, pass);
    const events = receiver
      .bodies('/hook/SECRET')
      .map(b => [b.events, b.report.result, b.rto.withinSLA]);
    expect(events).toEqual([
      // 100 → 95: the RTO level passed and now fails, which is also a regression.
      [['regression', 'rtoExceeded'], 'pass', false],
      [['rtoWithin'], 'pass', true],
    ]);
  });

  it('without sla.alertOnExceed, an RTO over target is news only as the regression it causes', async () => {
    const notifier = await setUp(() => 200, onlyOpsHook);
    const slow = (at: Date) => runFacts(at, { rtoMinutes: 21 });
    await record(notifier, pass);
    await record(notifier, slow);
    await record(notifier, slow);
    await record(notifier, pass);
    expect(receiver.bodies('/hook/SECRET').map(b => b.events)).toEqual([
      ['regression'],
    ]);
  });

  it('retries a receiver that fails twice, then delivers the same message once', async () => {
    const notifier = await setUp(n => (n <= 2 ? 503 : 200), onlyOpsHook);
    await record(notifier, pass);
    await record(notifier, fail);
    const attempts = receiver.received;
    expect(attempts).toHaveLength(3);
    expect(new Set(attempts.map(a => a.body)).size).toBe(1);
    expect(
      new Set(attempts.map(a => a.headers['x-kymaros-delivery'])).size,
    ).toBe(1);
    attempts.forEach(a => expect(validSignature(a.headers, a.body)).toBe(true));
    expect(notifier.counts).toMatchObject({ sent: 1, failed: 0, retried: 2 });
  });

  it('honours Retry-After only up to its limit', async () => {
    const notifier = await setUp(
      n => (n === 1 ? { status: 429, retryAfter: '3600' } : 200),
      onlyOpsHook,
      { retryAfterLimit: '300ms' },
    );
    await record(notifier, pass);
    const started = Date.now();
    await record(notifier, fail);
    expect(receiver.received).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(notifier.counts).toMatchObject({ sent: 1, retried: 1 });
  });

  it('does not retry what will not pass later, and never follows a redirect', async () => {
    const notifier = await setUp(
      n => (n === 1 ? 404 : 302),
      {
        notifications: {
          onFailure: [
            { type: 'webhook', webhookSecretRef: 'ops-hook' },
            { type: 'slack', webhookSecretRef: 'slack-hook' },
          ],
        },
      },
      { concurrency: 1 },
    );
    await record(notifier, pass);
    await record(notifier, fail);
    expect(receiver.received).toHaveLength(2);
    expect(notifier.counts).toMatchObject({ sent: 0, failed: 2, retried: 0 });
    expect(logged()).toContain(
      'Could not notify webhook webhookSecretRef "ops-hook" of restore test component:default/orders:orders-nightly (failure): HTTP 404 (URL from kymaros.notifications.secrets.ops-hook)',
    );
    expect(logged()).toContain(
      'answered with a redirect (HTTP 302), which is not followed',
    );
  });

  it('bounds a receiver that hangs by the timeout of each attempt, while the run records at once', async () => {
    const notifier = await setUp(() => 'hang', onlyOpsHook, {
      timeout: '200ms',
      retries: 1,
    });
    await record(notifier, pass);
    const started = Date.now();
    await record(notifier, fail, false);
    expect(Date.now() - started).toBeLessThan(200);
    await notifier.settled();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(400);
    expect(took).toBeLessThan(2000);
    expect(receiver.received).toHaveLength(2);
    expect(notifier.counts).toMatchObject({ sent: 0, failed: 1, retried: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      'Could not notify webhook webhookSecretRef "ops-hook" of restore test component:default/orders:orders-nightly (failure): no answer within 0.2s after 2 attempts (URL from kymaros.notifications.secrets.ops-hook); 1 notification(s) failed since start',
    );
  });

  it('never shows a URL or a signing key in its logs, whatever fails', async () => {
    const closed = await startReceiver();
    const deadUrl = closed.url('/dead/SECRET');
    await closed.close();
    const notifier = await setUp(
      n => (n % 2 ? 500 : 'hang'),
      {
        notifications: {
          onFailure: [
            { type: 'webhook', webhookSecretRef: 'ops-hook' },
            { type: 'slack', webhookSecretRef: 'slack-hook' },
            { type: 'webhook', webhookSecretRef: 'dead-hook' },
            { type: 'webhook', webhookSecretRef: 'nowhere' },
          ],
          onSuccess: [{ type: 'webhook', webhookSecretRef: 'ops-hook' }],
        },
      },
      {
        timeout: '200ms',
        retries: 1,
        secrets: { 'dead-hook': { url: deadUrl } },
      },
    );
    await record(notifier, pass);
    await record(notifier, fail);
    await record(notifier, pass);
    expect(notifier.counts).toMatchObject({ sent: 0, failed: 9 });
    expect(receiver.received.length).toBeGreaterThanOrEqual(6);
    expect(logged()).toContain('connection refused');
    expect(logged()).toContain(
      'webhookSecretRef "nowhere": no kymaros.notifications.secrets entry of that name',
    );
    expect(logged()).not.toMatch(/SECRET|127\.0\.0\.1|whsec/);
  });

  it('sends nothing for a test without notifications, or when they are disabled', async () => {
    const silent = await setUp(() => 200, { notifications: undefined });
    await record(silent, pass);
    await record(silent, fail);
    expect(receiver.received).toHaveLength(0);
    await receiver.close();
    // The same test with its targets back, on a backend that turned notifications off.
    const disabled = await setUp(() => 200, {}, { enabled: false });
    await record(disabled, pass); // a recovery
    await record(disabled, fail); // a failure
    expect(receiver.received).toHaveLength(0);
    expect(disabled.counts.sent).toBe(0);
  });

  it('never lets a listener fail the recording', async () => {
    await setUp();
    const throwing = {
      onRecorded: () => {
        throw new Error('boom');
      },
    } as unknown as Notifier;
    await expect(record(throwing, pass, false)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      'Listener of recorded runs failed for component:default/orders:orders-nightly: boom',
    );
    const [latest] = await store.listReports(
      'component:default/orders:orders-nightly',
      1,
    );
    expect(latest.status.result).toBe('pass');
  });

  it('is sent by the one replica that reports an interrupted run', async () => {
    const notifierA = await setUp(() => 200, onlyOpsHook);
    const notifierB = new Notifier({
      config: readNotificationsConfig(
        new ConfigReader({
          kymaros: {
            notifications: {
              secrets: {
                'ops-hook': {
                  url: receiver.url('/hook/SECRET'),
                  signingSecret: SIGNING_KEY,
                },
              },
            },
          },
        }),
      ),
      logger,
    });
    await record(notifierA, pass);
    const test = (await store.getTest(
      'component:default/orders:orders-nightly',
    )) as StoredTest;
    await store.tryStartRun({
      testId: test.id,
      runId: 'rdead',
      owner: 'replica-gone',
      cluster: 'restore-lab',
      maxConcurrentPerCluster: 1,
      leaseMs: 1,
      triggeredBy: 'schedule',
    });
    await new Promise(resolve => setTimeout(resolve, 5));
    const [expired] = await store.listExpiredRuns(new Date());
    const now = new Date();
    const reap = (notifier: Notifier) =>
      recordFinishedRun(
        { store, logger, historyLimit: 50, onRecorded: notifier.onRecorded },
        {
          test: expired,
          runId: 'rdead',
          facts: {
            kind: 'interrupted',
            detail: 'The run was interrupted',
            at: now,
            sandboxes: [],
          },
          report: { cluster: 'restore-lab', provider: 'velero' },
        },
        { by: 'reaper', now },
      );
    const claimed = await Promise.all([reap(notifierA), reap(notifierB)]);
    await Promise.all([notifierA.settled(), notifierB.settled()]);
    expect(claimed.filter(Boolean)).toHaveLength(1);
    expect(receiver.bodies('/hook/SECRET').map(b => b.event)).toEqual([
      'failure',
    ]);
  });

  it("reads a reference it has no entry for from the Secret in the test's namespace and cluster", async () => {
    receiver = await startReceiver();
    logger = mockServices.logger.mock();
    const asked: string[] = [];
    const notifier = new Notifier({
      config: readNotificationsConfig(
        new ConfigReader({
          kymaros: { notifications: { secretNamespaces: ['orders'] } },
        }),
      ),
      logger,
      secrets: {
        read: async (cluster, namespace, name) => {
          asked.push(`${cluster}/${namespace}/${name}`);
          return {
            url: receiver.url('/team/SECRET'),
            'signing-secret': SIGNING_KEY,
          };
        },
      },
    });
    const base = testRecord('component:default/orders', 'orders-nightly');
    await store.upsertTests([
      {
        ...base,
        cluster: 'restore-lab',
        namespace: 'orders',
        spec: {
          ...base.spec!,
          notifications: {
            onFailure: [{ type: 'webhook', webhookSecretRef: 'team-hook' }],
          },
        },
      },
    ]);
    await record(notifier, fail);
    expect(asked).toEqual(['restore-lab/orders/team-hook']);
    const [delivered] = receiver.received;
    expect(validSignature(delivered.headers, delivered.body)).toBe(true);
    expect(JSON.parse(delivered.body).test).toEqual({
      id: 'component:default/orders:orders-nightly',
      name: 'orders-nightly',
      cluster: 'restore-lab',
      namespace: 'orders',
    });
  });
});
