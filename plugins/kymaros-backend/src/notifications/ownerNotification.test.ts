import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import type { StoredTest } from '../store/KymarosStore';
import { testRecord } from '../store/__testUtils__/fixtures';
import { OWNER_EVENTS } from './readOwnerNotificationsConfig';
import { ownerEventOf, ownerNotification } from './ownerNotification';
import { report } from './__testUtils__/reports';

const test: StoredTest = {
  ...testRecord('component:default/orders', 'orders-nightly', {
    cluster: 'restore-lab',
  }),
  state: { phase: 'Idle' },
  createdAt: '2026-11-01T00:00:00Z',
  updatedAt: '2026-11-01T00:00:00Z',
};

const pass = report({ score: 100 });
const partial = report({ score: 80, failing: { podStartup: 'slow' } });
const fail = report({
  score: 45,
  failing: { restoreIntegrity: 'Velero restore PartiallyFailed: 3 errors' },
});
const error = report({
  score: 0,
  result: 'error',
  rto: 'skip',
  detail: 'no credentials for cluster restore-lab',
});
const regressed = report({
  score: 80,
  failing: { podStartup: 'orders-db never became ready' },
  regression: true,
});

const config = {
  events: new Set(OWNER_EVENTS),
  recipients: [],
  entityPath: '/catalog/{namespace}/{kind}/{name}/kymaros',
};

const message = (current: RestoreReport, previous?: RestoreReport) =>
  ownerNotification({ test, report: current, previous }, config);

describe('ownerEventOf', () => {
  it.each([
    ['a first failure', fail, undefined, 'failure'],
    ['a failure after a pass', fail, pass, 'failure'],
    ['a failure after a partial', fail, partial, 'failure'],
    ['an error after a pass', error, pass, 'error'],
    ['a first error', error, undefined, 'error'],
    ['a regression', regressed, pass, 'regression'],
    ['a recovery to pass', pass, fail, 'recovery'],
    ['a recovery from an error', pass, error, 'recovery'],
    ['a partial after a fail', partial, fail, 'recovery'],
  ])('%s', (_, current, previous, event) => {
    expect(ownerEventOf({ test, report: current, previous })).toBe(event);
  });

  it.each([
    ['a first pass', pass, undefined],
    ['a pass after a pass', pass, pass],
    ['a fail after a fail', fail, fail],
    ['an error after a fail', error, fail],
    ['a fail after an error', fail, error],
    ['a partial after a partial, no regression', partial, partial],
  ])('none for %s', (_, current, previous) => {
    expect(ownerEventOf({ test, report: current, previous })).toBeUndefined();
  });
});

describe('ownerNotification', () => {
  it('tells the entity of a failure, critical, with the top reason and its Restore tab', () => {
    expect(message(fail, pass)).toEqual({
      recipients: { type: 'entity', entityRef: ['component:default/orders'] },
      payload: {
        title: 'Restore test orders-nightly failed',
        description:
          'Why: Restore integrity: Velero restore PartiallyFailed: 3 errors (score 45; component:default/orders, cluster restore-lab)',
        link: '/catalog/default/component/orders/kymaros',
        severity: 'critical',
        topic: 'Restore test orders-nightly of component:default/orders',
        scope: 'kymaros:restore-test:component:default/orders:orders-nightly',
        metadata: {
          event: 'failure',
          testId: 'component:default/orders:orders-nightly',
          entityRef: 'component:default/orders',
          report: fail.metadata.name,
          result: 'fail',
          score: 45,
        },
      },
    });
  });

  it('titles an error as a run that could not complete, high', () => {
    const { payload } = message(error, pass)!;
    expect(payload.title).toBe(
      'Restore test orders-nightly could not complete',
    );
    expect(payload.severity).toBe('high');
    expect(payload.description).toBe(
      'Not evaluated: no credentials for cluster restore-lab (component:default/orders, cluster restore-lab)',
    );
  });

  it('says what regressed, normal', () => {
    const { payload } = message(regressed, pass)!;
    expect(payload.title).toBe('Restore test orders-nightly regressed');
    expect(payload.severity).toBe('normal');
    expect(payload.description).toBe(
      'Score 100 → 80 (-20); failing now: Pod startup. Why: Pod startup: orders-db never became ready (component:default/orders, cluster restore-lab)',
    );
  });

  it('says what it recovered from, low', () => {
    const { payload } = message(pass, fail)!;
    expect(payload.title).toBe('Restore test orders-nightly recovered');
    expect(payload.severity).toBe('low');
    expect(payload.description).toBe(
      'Now pass with score 100, after fail (45) (component:default/orders, cluster restore-lab)',
    );
  });

  it('keeps topic and scope per test, whatever the event', () => {
    const a = message(fail, pass)!.payload;
    const b = message(pass, fail)!.payload;
    expect([b.topic, b.scope]).toEqual([a.topic, a.scope]);
    const other = ownerNotification(
      {
        test: { ...test, id: 'component:default/orders:orders-weekly' },
        report: fail,
        previous: pass,
      },
      config,
    )!.payload;
    expect(other.scope).not.toBe(a.scope);
  });

  it('adds the extra recipients once each', () => {
    expect(
      ownerNotification(
        { test, report: fail, previous: pass },
        {
          ...config,
          recipients: ['group:default/sre', 'component:default/orders'],
        },
      )!.recipients,
    ).toEqual({
      type: 'entity',
      entityRef: ['component:default/orders', 'group:default/sre'],
    });
  });

  it('sends nothing for a switched-off event', () => {
    const only = { ...config, events: new Set(['recovery'] as const) };
    expect(
      ownerNotification({ test, report: fail, previous: pass }, only),
    ).toBeUndefined();
    expect(
      ownerNotification({ test, report: pass, previous: fail }, only),
    ).toBeDefined();
  });

  it('follows the configured entity path', () => {
    expect(
      ownerNotification(
        { test: { ...test, entityRef: 'Component:Shop/Orders' }, report: fail },
        {
          ...config,
          entityPath: '/software/{kind}/{namespace}/{name}/restore',
        },
      )!.payload.link,
    ).toBe('/software/component/shop/Orders/restore');
  });
});
