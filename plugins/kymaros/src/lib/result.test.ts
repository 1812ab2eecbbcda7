import { compareWorstFirst, outcomeOf } from './result';

describe('outcomeOf', () => {
  it('prefers the definition error over any result', () => {
    expect(outcomeOf({ error: 'bad cron', result: 'pass' })).toBe('invalid');
    expect(outcomeOf({})).toBe('never');
    expect(outcomeOf({ result: 'partial' })).toBe('partial');
  });
});

describe('compareWorstFirst', () => {
  it('orders invalid, fail, error, never run, partial, pass; lowest score first', () => {
    const items = [
      { n: 'pass-95', result: 'pass' as const, score: 95 },
      { n: 'partial-84', result: 'partial' as const, score: 84 },
      { n: 'never' },
      { n: 'fail-58', result: 'fail' as const, score: 58 },
      { n: 'error-0', result: 'error' as const, score: 0 },
      { n: 'fail-12', result: 'fail' as const, score: 12 },
      { n: 'invalid', error: 'bad cron' },
      { n: 'partial-71', result: 'partial' as const, score: 71 },
    ];
    const sorted = [...items].sort(
      compareWorstFirst(i => ({ ...i, name: i.n })),
    );
    expect(sorted.map(i => i.n)).toEqual([
      'invalid',
      'fail-12',
      'fail-58',
      'error-0',
      'never',
      'partial-71',
      'partial-84',
      'pass-95',
    ]);
  });
});
