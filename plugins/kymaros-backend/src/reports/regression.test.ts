import { detectRegression } from './regression';

const levels = (status: 'pass' | 'fail') =>
  Object.fromEntries(
    [
      'restoreIntegrity',
      'completeness',
      'podStartup',
      'internalHealth',
      'crossNamespaceDeps',
      'rtoCompliance',
    ].map(k => [
      k,
      {
        status,
        detail: '',
        tested: [],
        notTested: [],
        points: 0,
        maxPoints: 0,
      },
    ]),
  ) as any;

const report = (score: number, lv = levels('pass')) =>
  ({
    metadata: { name: 'prev' },
    status: { score, validationLevels: lv },
  } as any);

describe('detectRegression', () => {
  it('flags a score drop and levels that went from pass to fail', () => {
    const now = {
      score: 80,
      validationLevels: {
        ...levels('pass'),
        podStartup: { ...levels('fail').podStartup },
      },
    } as any;
    expect(detectRegression(now, report(96))).toEqual({
      previousReport: 'prev',
      previousScore: 96,
      scoreDelta: -16,
      levels: ['podStartup'],
    });
  });

  it('stays quiet without a previous report or when nothing got worse', () => {
    expect(
      detectRegression(
        { score: 50, validationLevels: levels('fail') } as any,
        undefined,
      ),
    ).toBeUndefined();
    expect(
      detectRegression(
        { score: 96, validationLevels: levels('pass') } as any,
        report(90),
      ),
    ).toBeUndefined();
  });
});
