import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import { aggregateRestoreFacts, outcomeOf } from './aggregateRestoreFacts';

const now = new Date('2026-03-10T12:00:00Z');

function item(overrides: Partial<SummaryItem> = {}): SummaryItem {
  return {
    entityRef: 'component:default/orders',
    testId: 'orders-nightly',
    testName: 'orders-nightly',
    score: 95,
    result: 'pass',
    withinSLA: true,
    backupAge: '2h',
    lastRunAt: '2026-03-09T12:00:00Z',
    phase: 'Completed',
    trend: [95],
    ...overrides,
  };
}

describe('aggregateRestoreFacts', () => {
  it('publishes one test as it is', () => {
    expect(aggregateRestoreFacts([item()], now)).toEqual({
      hasRestoreTest: true,
      restoreTestCount: 1,
      restoreScore: 95,
      restoreResult: 'pass',
      lastRestoreTestAt: '2026-03-09T12:00:00.000Z',
      daysSinceLastRestoreTest: 1,
      rtoWithinSla: true,
      backupAgeSeconds: 7200,
    });
  });

  it('takes the worst of several tests in every fact', () => {
    const facts = aggregateRestoreFacts(
      [
        item(),
        item({
          testId: 'orders-db',
          score: 72,
          result: 'partial',
          withinSLA: false,
          backupAge: '1d6h',
          lastRunAt: '2026-03-01T00:00:00Z',
        }),
      ],
      now,
    );
    expect(facts).toMatchObject({
      restoreTestCount: 2,
      restoreScore: 72,
      restoreResult: 'partial',
      lastRestoreTestAt: '2026-03-01T00:00:00.000Z',
      daysSinceLastRestoreTest: 9.5,
      rtoWithinSla: false,
      backupAgeSeconds: 30 * 3600,
    });
  });

  it('prefers the measured backup age in milliseconds', () => {
    const facts = aggregateRestoreFacts(
      [
        item({
          backupAge: 'garbled',
          rpo: {
            backupAge: '3h',
            backupAgeMs: 3 * 3600_000,
            withinTarget: true,
          },
        }),
      ],
      now,
    );
    expect(facts.backupAgeSeconds).toBe(10800);
  });

  it('leaves the run time null when one of the tests never ran', () => {
    const facts = aggregateRestoreFacts(
      [
        item(),
        item({
          testId: 'new',
          score: undefined,
          result: undefined,
          withinSLA: undefined,
          backupAge: undefined,
          lastRunAt: undefined,
          phase: 'Idle',
        }),
      ],
      now,
    );
    expect(facts).toMatchObject({
      restoreScore: 95,
      restoreResult: 'never',
      lastRestoreTestAt: null,
      daysSinceLastRestoreTest: null,
      rtoWithinSla: true,
    });
  });

  it('says null for what no test measured; an error run scores nothing', () => {
    const facts = aggregateRestoreFacts(
      [
        item({
          score: 0,
          result: 'error',
          withinSLA: undefined,
          backupAge: undefined,
        }),
      ],
      now,
    );
    expect(facts).toMatchObject({
      restoreScore: null,
      restoreResult: 'error',
      rtoWithinSla: null,
      backupAgeSeconds: null,
    });
  });

  it('ranks an invalid definition worst, then fail, error, never, partial, pass', () => {
    expect(outcomeOf(item({ error: 'bad spec' }))).toBe('invalid');
    const worst = (results: (SummaryItem['result'] | 'invalid')[]) =>
      aggregateRestoreFacts(
        results.map(result =>
          result === 'invalid' ? item({ error: 'bad spec' }) : item({ result }),
        ),
        now,
      ).restoreResult;
    expect(worst(['pass', 'partial', undefined])).toBe('never');
    expect(worst(['pass', 'error', undefined])).toBe('error');
    expect(worst(['error', 'fail'])).toBe('fail');
    expect(worst(['fail', 'invalid'])).toBe('invalid');
  });

  it('publishes hasRestoreTest false and nulls without a test', () => {
    expect(aggregateRestoreFacts([], now)).toEqual({
      hasRestoreTest: false,
      restoreTestCount: 0,
      restoreScore: null,
      restoreResult: null,
      lastRestoreTestAt: null,
      daysSinceLastRestoreTest: null,
      rtoWithinSla: null,
      backupAgeSeconds: null,
    });
  });
});
