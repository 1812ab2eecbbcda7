import {
  goDurationMs,
  isFinished,
  restoreOutcome,
  terminalPhase,
} from './restoreOutcome';

const session = (
  namespace: string,
  status: any,
  created = '2026-01-01T10:00:00Z',
) => ({
  metadata: { name: 'kymaros-r1', namespace, creationTimestamp: created },
  status,
});
const pushed = { type: 'MetricsPushed', status: 'True' };

describe('isFinished', () => {
  it('waits for the final metrics step before Succeeded or Unknown count', () => {
    expect(isFinished(session('a', { phase: 'Succeeded' }))).toBe(false);
    expect(
      isFinished(session('a', { phase: 'Succeeded', conditions: [pushed] })),
    ).toBe(true);
    expect(isFinished(session('a', { phase: 'Unknown' }))).toBe(false);
    expect(
      isFinished(session('a', { phase: 'Running', conditions: [pushed] })),
    ).toBe(false);
  });

  it('is done once Invalid or Failed, and not before KubeStash wrote a phase', () => {
    expect(isFinished(session('a', { phase: 'Invalid' }))).toBe(true);
    expect(isFinished(session('a', { phase: 'Failed' }))).toBe(true);
    expect(isFinished(session('a', undefined))).toBe(false);
  });
});

describe('terminalPhase', () => {
  it.each([
    [['Succeeded'], 'Completed'],
    [['Invalid'], 'FailedValidation'],
    [['Invalid', 'Failed'], 'Failed'],
    [['Unknown'], 'Failed'],
    [['Succeeded', 'Failed'], 'PartiallyFailed'],
    [['Succeeded', 'Invalid'], 'PartiallyFailed'],
  ])('%j is %s', (phases, expected) => {
    expect(terminalPhase(phases)).toBe(expected);
  });
});

describe('goDurationMs', () => {
  it.each([
    ['1m30.5s', 90_500],
    ['250ms', 250],
    ['2h0m0s', 7_200_000],
  ])('%s', (text, ms) => expect(goDurationMs(text)).toBe(ms));

  it.each(['', 'soon', '5', '1m banana'])('rejects %j', text =>
    expect(goDurationMs(text)).toBeUndefined(),
  );
});

describe('restoreOutcome', () => {
  it('dates the restore from the creation and the longest duration', () => {
    const outcome = restoreOutcome([
      session('a', {
        phase: 'Succeeded',
        duration: '30s',
        conditions: [pushed],
      }),
      session(
        'b',
        { phase: 'Succeeded', duration: '1m', conditions: [pushed] },
        '2026-01-01T10:00:05Z',
      ),
    ]);
    expect(outcome).toMatchObject({
      phase: 'Completed',
      providerPhase: 'Succeeded',
      startedAt: '2026-01-01T10:00:00.000Z',
      completedAt: '2026-01-01T10:01:00.000Z',
      errors: 0,
      messages: [],
    });
  });

  it('keeps KubeStash words for a failure: component errors, failed conditions, missing dependencies, paused backups', () => {
    const outcome = restoreOutcome([
      session('sbx', {
        phase: 'Failed',
        components: { dump: { phase: 'Failed', error: 'no space left' } },
        conditions: [
          {
            type: 'MetricsPushed',
            status: 'False',
            reason: 'FailedToPushMetrics',
            message: 'timeout',
          },
        ],
        dependencies: [
          { kind: 'Snapshot', namespace: 'backups', name: 's1', found: false },
        ],
        pausedBackups: [
          { kind: 'BackupConfiguration', namespace: 'ledger', name: 'bc' },
        ],
      }),
    ]);
    expect(outcome.phase).toBe('Failed');
    expect(outcome.errors).toBe(1);
    expect(outcome.messages).toEqual([
      'sbx: component dump: no space left',
      'sbx: MetricsPushed: FailedToPushMetrics: timeout',
      'sbx: Snapshot backups/s1 not found',
      'sbx: KubeStash left BackupConfiguration ledger/bc paused',
    ]);
  });

  it('gives an invalid restore no start, and the validation message', () => {
    const outcome = restoreOutcome([
      session('sbx', {
        phase: 'Invalid',
        conditions: [
          {
            type: 'ValidationPassed',
            status: 'False',
            reason: 'ValidationFailed',
            message: 'spec.addon.name must be specified',
          },
        ],
      }),
    ]);
    expect(outcome.phase).toBe('FailedValidation');
    expect(outcome.providerPhase).toBe('Invalid');
    expect(outcome.startedAt).toBeUndefined();
    expect(outcome.messages).toEqual([
      'sbx: ValidationPassed: ValidationFailed: spec.addon.name must be specified',
    ]);
  });
});
