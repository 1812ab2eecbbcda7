import { mockServices } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import type { StoredTest } from '../store/KymarosStore';
import { testRecord } from '../store/__testUtils__/fixtures';
import { combineRunObservers } from '../run/RunObserver';
import { OwnerNotifier } from './OwnerNotifier';
import {
  OWNER_EVENTS,
  type OwnerNotificationsConfig,
} from './readOwnerNotificationsConfig';
import { report } from './__testUtils__/reports';

const test: StoredTest = {
  ...testRecord('component:default/orders', 'orders-nightly'),
  state: { phase: 'Idle' },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

const pass = report({ score: 100 });
const fail = report({ score: 45, failing: { restoreIntegrity: 'failed' } });
const error = report({ score: 0, result: 'error', rto: 'skip', detail: 'x' });
const regressed = report({
  score: 80,
  failing: { podStartup: 'slow' },
  regression: true,
});

describe('OwnerNotifier', () => {
  let sent: NotificationSendOptions[];
  let logger: ReturnType<typeof mockServices.logger.mock>;

  function notifier(
    overrides: Partial<OwnerNotificationsConfig> = {},
    send: NotificationService['send'] = async m => {
      sent.push(m);
    },
    installed = true,
  ) {
    return new OwnerNotifier({
      notifications: { send },
      config: {
        events: new Set(OWNER_EVENTS),
        recipients: ['group:default/sre'],
        entityPath: '/catalog/{namespace}/{kind}/{name}/kymaros',
        ...overrides,
      },
      logger,
      timeoutMs: 200,
      notificationsInstalled: async () => installed,
    });
  }

  /** Records `reports` in order, each against the one before, as the runner does. */
  async function record(target: OwnerNotifier, reports: RestoreReport[]) {
    let previous: RestoreReport | undefined;
    for (const current of reports) {
      target.runRecorded({ test, report: current, previous });
      previous = current;
    }
    await target.settled();
  }

  beforeEach(() => {
    sent = [];
    logger = mockServices.logger.mock();
  });

  it('sends exactly one notification per state change and none while the state holds', async () => {
    const target = notifier();
    await record(target, [
      pass,
      pass,
      regressed,
      fail,
      fail,
      error,
      pass,
      pass,
      error,
    ]);
    expect(
      sent.map(m => [m.payload.metadata?.event, m.payload.severity]),
    ).toEqual([
      ['regression', 'normal'],
      ['failure', 'critical'],
      ['recovery', 'low'],
      ['error', 'high'],
    ]);
    for (const m of sent) {
      expect(m.recipients).toEqual({
        type: 'entity',
        entityRef: ['component:default/orders', 'group:default/sre'],
      });
      expect(m.payload.topic).toBe(
        'Restore test orders-nightly of component:default/orders',
      );
      expect(m.payload.link).toBe('/catalog/default/component/orders/kymaros');
    }
    expect(target.counts).toEqual({ sent: 4, failed: 0 });
  });

  it('leaves out switched-off events', async () => {
    await record(notifier({ events: new Set(['failure', 'error']) }), [
      pass,
      regressed,
      fail,
      pass,
    ]);
    expect(sent.map(m => m.payload.metadata?.event)).toEqual(['failure']);
  });

  it('sends nothing when disabled', async () => {
    await record(notifier({ enabled: false }), [pass, fail]);
    expect(sent).toEqual([]);
  });

  it('sends when this backend runs the notifications plugin, unless configured', async () => {
    await record(notifier({}, undefined, false), [pass, fail]);
    expect(sent).toEqual([]);
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('does not run the notifications plugin'),
    );
    await record(notifier({ enabled: true }, undefined, false), [pass, fail]);
    expect(sent).toHaveLength(1);
  });

  it('never fails the recording of a run when the notifications service throws or hangs', async () => {
    const throwing = notifier({}, async () => {
      throw new Error('Request failed with status 503');
    });
    const observer = combineRunObservers([throwing], logger);
    expect(() =>
      observer.runRecorded({ test, report: fail, previous: pass }),
    ).not.toThrow();
    const hanging = notifier({}, () => new Promise(() => {}));
    hanging.runRecorded({ test, report: fail, previous: pass });
    await Promise.all([throwing.settled(), hanging.settled()]);
    expect(throwing.counts).toEqual({ sent: 0, failed: 1 });
    expect(hanging.counts).toEqual({ sent: 0, failed: 1 });
    const warnings = logger.warn.mock.calls.map(c => String(c[0]));
    expect(warnings).toEqual([
      expect.stringContaining('Request failed with status 503'),
      expect.stringContaining('no answer within 200 ms'),
    ]);
    expect(warnings[0]).toContain(
      'Could not notify the owners of restore test component:default/orders:orders-nightly',
    );
  });

  it('does not throw from runRecorded when a message cannot be built', () => {
    const target = notifier();
    expect(() =>
      target.runRecorded({
        test: { ...test, entityRef: '' },
        report: fail,
        previous: pass,
      }),
    ).not.toThrow();
    expect(target.counts.failed).toBe(1);
  });
});
