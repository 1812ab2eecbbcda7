import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1500],
    ['500ms', 500],
    ['2m30s', 150_000],
    ['1500us', 1.5],
    [' 10s ', 10_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'abc', '5 m', '1d', '-5s', '5s!', 's'])(
    'rejects %j with the reason',
    text => {
      expect(() => parseDuration(text)).toThrow(
        `invalid duration "${text}": expected a duration such as 30s, 5m or 1h30m`,
      );
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [-5, '0s'],
    [0.2, '0s'],
    [NaN, '0s'],
    [1, '1ms'],
    [450, '450ms'],
    [999.6, '1s'],
    [1000, '1s'],
    [1234, '1.2s'],
    [8000, '8s'],
    [8040, '8s'],
    [59_940, '59.9s'],
    [59_960, '1m0s'],
    [60_000, '1m0s'],
    [300_000, '5m0s'],
    [695_000, '11m35s'],
    [3_600_000, '1h0m0s'],
    [14_412_000, '4h0m12s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips through parseDuration for whole seconds', () => {
    for (const ms of [1000, 61_000, 3_723_000]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});
