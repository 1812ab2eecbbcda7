import type { BackupScheduleItem } from '@kymaros/plugin-kymaros-common';
import {
  COVERAGE_STATUS_ORDER,
  coverageVerdict,
  type CoverageFacts,
} from './coverageStatus';

const now = new Date('2026-11-22T04:00:00Z');
const hoursAgo = (h: number) =>
  new Date(now.getTime() - h * 3_600_000).toISOString();

function schedule(
  name: string,
  namespaces: string[],
  extra: Partial<BackupScheduleItem> = {},
): BackupScheduleItem {
  return {
    provider: 'velero',
    kind: 'Schedule',
    namespace: 'velero',
    name,
    cron: '0 2 * * *',
    paused: false,
    namespaces,
    lastSuccess: { name: `${name}-ok`, at: hoursAgo(2) },
    ...extra,
  };
}

const facts = (over: Partial<CoverageFacts> = {}): CoverageFacts => ({
  namespaces: ['payments'],
  schedules: [schedule('payments-daily', ['payments'])],
  newestBackup: { name: 'payments-daily-ok', at: hoursAgo(2) },
  rpoTarget: '24h',
  now,
  ...over,
});

describe('coverageVerdict', () => {
  it('is covered when every namespace has a healthy schedule and the newest backup is within the RPO target', () => {
    expect(coverageVerdict(facts())).toEqual({
      status: 'covered',
      uncovered: [],
      detail:
        'Backed up on schedule by velero/payments-daily; the newest backup, payments-daily-ok, is 2h old (RPO target 24h).',
    });
  });

  it('names the namespaces no schedule takes, before anything else', () => {
    const verdict = coverageVerdict(
      facts({
        namespaces: ['storefront-web', 'storefront-data'],
        schedules: [schedule('data', ['storefront-data'], { paused: true })],
        newestBackup: undefined,
      }),
    );
    expect(verdict).toEqual({
      status: 'no-schedule',
      uncovered: ['storefront-web'],
      detail: 'No backup schedule takes namespace "storefront-web".',
    });
    expect(
      coverageVerdict(facts({ namespaces: ['a', 'b'], schedules: [] })).detail,
    ).toBe('No backup schedule takes namespaces "a", "b".');
  });

  it('is failing when the latest backup of a schedule failed, naming it and the reason', () => {
    const verdict = coverageVerdict(
      facts({
        schedules: [
          schedule('payments-daily', ['payments'], {
            lastFailure: {
              name: 'payments-daily-bad',
              at: hoursAgo(1),
              reason: 'BackupStorageLocation default is unavailable',
            },
          }),
        ],
      }),
    );
    expect(verdict.status).toBe('failing');
    expect(verdict.detail).toBe(
      `The latest backup of Schedule velero/payments-daily, payments-daily-bad, failed at ${hoursAgo(
        1,
      )}: BackupStorageLocation default is unavailable.`,
    );
  });

  it('is not failing for a failure older than the last success', () => {
    const verdict = coverageVerdict(
      facts({
        schedules: [
          schedule('payments-daily', ['payments'], {
            lastFailure: { name: 'old-bad', at: hoursAgo(26) },
          }),
        ],
      }),
    );
    expect(verdict.status).toBe('covered');
  });

  it('is failing for a schedule that never succeeded but failed', () => {
    const verdict = coverageVerdict(
      facts({
        schedules: [
          schedule('payments-daily', ['payments'], {
            lastSuccess: undefined,
            lastFailure: { name: 'first', at: hoursAgo(1) },
          }),
        ],
      }),
    );
    expect(verdict.status).toBe('failing');
  });

  it.each([
    [{ paused: true }, 'Schedule velero/payments-daily is paused.'],
    [
      { problem: 'failed validation: invalid schedule' },
      'Schedule velero/payments-daily is broken: failed validation: invalid schedule.',
    ],
  ])('is failing for a schedule %j', (extra, detail) => {
    expect(
      coverageVerdict(
        facts({ schedules: [schedule('payments-daily', ['payments'], extra)] }),
      ),
    ).toEqual({ status: 'failing', uncovered: [], detail });
  });

  it('counts the other troubled schedules of a namespace no healthy schedule takes', () => {
    const verdict = coverageVerdict(
      facts({
        namespaces: ['payments', 'orders'],
        schedules: [
          schedule('a', ['payments'], { paused: true }),
          schedule('b', ['orders']),
          schedule('c', ['payments'], { problem: 'failed validation' }),
        ],
      }),
    );
    expect(verdict.detail).toBe(
      'Schedule velero/a is paused (and 1 more like it).',
    );
  });

  it('is not failing for a paused leftover beside a schedule that works', () => {
    const verdict = coverageVerdict(
      facts({
        schedules: [
          schedule('payments-legacy', ['payments'], { paused: true }),
          schedule('payments-daily', ['payments']),
        ],
      }),
    );
    expect(verdict.status).toBe('covered');
  });

  it('is stale when the newest successful backup is older than the RPO target', () => {
    const verdict = coverageVerdict(
      facts({
        newestBackup: { name: 'payments-daily-old', at: hoursAgo(26) },
      }),
    );
    expect(verdict).toEqual({
      status: 'stale',
      uncovered: [],
      detail:
        'The newest successful backup of "payments", payments-daily-old, is 1d 2h old: over the RPO target of 24h.',
    });
  });

  it('is exactly at the target still covered', () => {
    expect(
      coverageVerdict(facts({ newestBackup: { name: 'b', at: hoursAgo(24) } }))
        .status,
    ).toBe('covered');
  });

  it('is stale without any successful backup, RPO target or not', () => {
    for (const rpoTarget of ['24h', undefined]) {
      const verdict = coverageVerdict(
        facts({ newestBackup: undefined, rpoTarget }),
      );
      expect(verdict).toEqual({
        status: 'stale',
        uncovered: [],
        detail: 'No successful backup holds "payments" yet.',
      });
    }
  });

  it('has no age limit without an RPO target', () => {
    const verdict = coverageVerdict(
      facts({
        rpoTarget: undefined,
        newestBackup: { name: 'ancient', at: hoursAgo(24 * 90) },
      }),
    );
    expect(verdict.status).toBe('covered');
    expect(verdict.detail).toBe(
      'Backed up on schedule by velero/payments-daily; the newest backup, ancient, is 90d old.',
    );
  });

  it('orders statuses worst first', () => {
    expect(COVERAGE_STATUS_ORDER).toEqual([
      'no-schedule',
      'failing',
      'stale',
      'unknown',
      'covered',
    ]);
  });
});
