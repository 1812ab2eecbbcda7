import { evaluate } from '../scoring/evaluation';
import { restoreIntegrity } from '../scoring/levels';
import { buildReportStatus, reportVerdict } from './buildReportStatus';
import type { RunReportFacts } from './reportFacts';

const context = { cluster: 'sim', provider: 'sim-backups' };
const at = (time: string) => new Date(`2026-12-01T${time}Z`);
/** Every report's backup block: the documented three fields, always strings. */
const backupFields = (status: { backup: object }) =>
  Object.fromEntries(
    Object.entries(JSON.parse(JSON.stringify(status.backup))).filter(([key]) =>
      ['name', 'age', 'size'].includes(key),
    ),
  );
const regression = {
  previousReport: 'nightly-20261130-030000',
  previousScore: 100,
  scoreDelta: -60,
  levels: [],
};

function runFacts(facts: Partial<RunReportFacts> = {}): RunReportFacts {
  const evaluation = evaluate(
    {
      restoreIntegrity: restoreIntegrity({
        phase: 'Completed',
        backupName: 'daily',
        provider: 'sim-backups',
        itemsFailed: 0,
        messages: [],
      }),
    },
    false,
    'not reached',
  );
  return {
    kind: 'run',
    startedAt: at('03:00:00'),
    endedAt: at('03:10:00'),
    evaluation,
    phases: [{ name: 'restore', seconds: 60 }],
    sandboxes: { shop: 'kymaros-shop-1' },
    checks: [],
    backup: {
      name: 'daily',
      provider: 'sim-backups',
      phase: 'Completed',
      includedNamespaces: ['shop'],
      partiallyFailed: false,
      completedAt: '2026-12-01T01:00:00Z',
      size: '12 MiB',
    },
    restoreStartedAt: at('03:01:00'),
    rtoTarget: '10m',
    ...facts,
  };
}

describe('buildReportStatus', () => {
  it('reports a run through validation with its RTO from the restore start, the backup age and who started it', () => {
    const status = buildReportStatus(
      runFacts({ validatedAt: at('03:05:00') }),
      { ...context, triggeredBy: 'user:default/ann', regression },
    );
    expect(status).toMatchObject({
      startedAt: '2026-12-01T03:01:00Z',
      completedAt: '2026-12-01T03:05:00Z',
      rto: {
        measured: '4m',
        measuredMs: 240_000,
        target: '10m',
        targetMs: 600_000,
        withinSLA: true,
        phases: [{ name: 'restore', seconds: 60 }],
      },
      backup: {
        name: 'daily',
        age: '2h1m0s',
        ageMs: 7_260_000,
        size: '12 MiB',
      },
      sandboxes: [{ source: 'shop', sandbox: 'kymaros-shop-1' }],
      cluster: 'sim',
      provider: 'sim-backups',
      triggeredBy: 'user:default/ann',
      regression,
    });
    expect(status.detail).toBeUndefined();
  });

  it('measures the backup age at restore against sla.maxRPO: within, over, and with no target', () => {
    const within = buildReportStatus(
      runFacts({ validatedAt: at('03:05:00'), rpoTarget: '1440m' }),
      context,
    );
    expect(within.rpo).toEqual({
      backupAge: '2h1m',
      backupAgeMs: 7_260_000,
      target: '24h',
      targetMs: 86_400_000,
      withinTarget: true,
    });
    const over = buildReportStatus(
      runFacts({ validatedAt: at('03:05:00'), rpoTarget: '2h' }),
      context,
    );
    expect(over.rpo).toMatchObject({ target: '2h', withinTarget: false });
    // The verdict is the restore's: an old backup is flagged beside it, not scored.
    expect(over.score).toBe(within.score);
    expect(over.result).toBe(within.result);
    expect(
      buildReportStatus(runFacts({ validatedAt: at('03:05:00') }), context).rpo,
    ).toEqual({
      backupAge: '2h1m',
      backupAgeMs: 7_260_000,
      withinTarget: true,
    });
  });

  it('has no RPO when the run never learnt its backup', () => {
    expect(
      buildReportStatus(
        runFacts({ backup: undefined, rpoTarget: '2h' }),
        context,
      ).rpo,
    ).toBeUndefined();
    expect(
      buildReportStatus(
        { kind: 'not-started', detail: 'no credentials', at: at('03:00:00') },
        context,
      ).rpo,
    ).toBeUndefined();
  });

  it('writes times in RFC 3339 seconds and the RTO measured and target in one format, as the rtoCompliance detail', () => {
    const status = buildReportStatus(
      runFacts({
        restoreStartedAt: new Date('2024-03-15T03:00:12.400Z'),
        validatedAt: new Date('2024-03-15T03:15:12.400Z'),
        endedAt: new Date('2024-03-15T03:16:00.900Z'),
        rtoTarget: '1800s',
      }),
      context,
    );
    expect(status).toMatchObject({
      startedAt: '2024-03-15T03:00:12Z',
      completedAt: '2024-03-15T03:15:12Z',
      rto: { measured: '15m', target: '30m', targetMs: 1_800_000 },
    });
    expect(
      buildReportStatus(
        runFacts({
          restoreStartedAt: at('03:00:12'),
          validatedAt: at('03:11:47'),
          rtoTarget: '30m',
        }),
        context,
      ).rto,
    ).toMatchObject({ measured: '11m35s', target: '30m' });
  });

  it('keeps the backup’s name, age and size as strings on runs that never found a backup', () => {
    const empty = { name: '', age: '', size: '' };
    expect(
      backupFields(buildReportStatus(runFacts({ backup: undefined }), context)),
    ).toEqual(empty);
    expect(
      backupFields(
        buildReportStatus(
          { kind: 'not-started', detail: 'x', at: at('03:00:00') },
          context,
        ),
      ),
    ).toEqual(empty);
    expect(
      backupFields(
        buildReportStatus(
          {
            kind: 'interrupted',
            detail: 'x',
            at: at('03:00:00'),
            sandboxes: [],
          },
          context,
        ),
      ),
    ).toEqual(empty);
    // Found, but neither finished nor sized by its provider.
    expect(
      backupFields(
        buildReportStatus(
          runFacts({
            backup: {
              name: 'daily',
              provider: 'sim-backups',
              phase: 'InProgress',
              includedNamespaces: ['shop'],
              partiallyFailed: false,
            },
          }),
          context,
        ),
      ),
    ).toEqual({ name: 'daily', age: '', size: '' });
  });

  it('reports a run stopped part way until it ended, outside its SLA, with the reason', () => {
    const status = buildReportStatus(
      runFacts({
        restoreStartedAt: undefined,
        detail: 'The restore did not finish within 3s',
      }),
      context,
    );
    expect(status).toMatchObject({
      startedAt: '2026-12-01T03:00:00Z',
      completedAt: '2026-12-01T03:10:00Z',
      rto: { measuredMs: 600_000, withinSLA: false },
      completeness: { deployments: '0/0' },
      detail: 'The restore did not finish within 3s',
    });
    expect(status).not.toHaveProperty('triggeredBy');
    expect(status).not.toHaveProperty('regression');
  });

  it('reports a run that could not start as an error with every level skipped for the reason', () => {
    const status = buildReportStatus(
      { kind: 'not-started', detail: 'no credentials', at: at('03:00:00') },
      { ...context, triggeredBy: 'schedule' },
    );
    expect(status).toMatchObject({
      score: 0,
      result: 'error',
      startedAt: '2026-12-01T03:00:00Z',
      completedAt: '2026-12-01T03:00:00Z',
      rto: { measured: '0s', measuredMs: 0, withinSLA: false, phases: [] },
      backup: { name: '', age: '', size: '' },
      checks: [],
      detail: 'no credentials',
      triggeredBy: 'schedule',
    });
    expect(status.validationLevels.restoreIntegrity).toMatchObject({
      status: 'skip',
      detail: 'Not evaluated: no credentials',
    });
    expect(status).not.toHaveProperty('sandboxes');
  });

  it('reports an interrupted run from its start with the sandboxes it had', () => {
    const sandboxes = [{ source: 'orders', sandbox: 'kymaros-orders-1' }];
    const status = buildReportStatus(
      {
        kind: 'interrupted',
        detail: 'The run was interrupted',
        at: at('04:00:00'),
        startedAt: '2026-12-01T03:00:00.250Z',
        sandboxes,
      },
      { ...context, triggeredBy: 'user:default/ann' },
    );
    expect(status).toMatchObject({
      result: 'error',
      startedAt: '2026-12-01T03:00:00Z',
      completedAt: '2026-12-01T04:00:00Z',
      sandboxes,
      triggeredBy: 'user:default/ann',
    });
  });
});

describe('reportVerdict', () => {
  it('says when a run ended and whether every level was evaluated', () => {
    expect(
      reportVerdict(runFacts({ validatedAt: at('03:05:00') })),
    ).toMatchObject({ completedAt: at('03:05:00'), complete: true });
    expect(reportVerdict(runFacts())).toMatchObject({
      completedAt: at('03:10:00'),
      complete: false,
    });
    expect(
      reportVerdict({ kind: 'not-started', detail: 'x', at: at('03:00:00') }),
    ).toMatchObject({ score: 0, result: 'error', complete: false });
  });
});
