import {
  formatCompactDuration,
  formatDuration,
  formatHumanDuration,
  parseDuration,
  tryParseDuration,
} from './duration';

const GENERIC_REASON = 'expected a duration such as 30s, 5m or 1h30m';

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
    ['1500µs', 1.5],
    ['1500μs', 1.5],
    ['2000000ns', 2],
    [' 10s ', 10_000],
    ['11m35s', 695_000],
    ['4h0m12s', 14_412_000],
    ['1.5h', 5_400_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 'abc', '5 m', '1d', '-5s', '5s!', 's'])(
    'rejects %j with the reason',
    text => {
      expect(() => parseDuration(text)).toThrow(
        `invalid duration "${text}": ${GENERIC_REASON}`,
      );
    },
  );

  it('says exactly that for a value with nothing more precise to say', () => {
    expect(() => parseDuration('5 minutes')).toThrow(
      new Error(`invalid duration "5 minutes": ${GENERIC_REASON}`),
    );
  });

  it.each([
    ['1d', 'days are not accepted here: write 24h for one day'],
    ['1h1d', 'days are not accepted here: write 24h for one day'],
    ['-5s', 'a duration cannot be signed'],
    ['+5s', 'a duration cannot be signed'],
    ['30', 'the number needs a unit, such as s'],
  ])('says what is wrong with %j', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(
      new Error(`invalid duration "${text}": ${GENERIC_REASON} (${reason})`),
    );
  });

  it('throws an InputError', () => {
    expect(() => parseDuration('soon')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('repeats at most the start of a long value, and its length', () => {
    const text = `5m${'x'.repeat(200)}`;
    expect(() => parseDuration(text)).toThrow(
      new Error(
        `invalid duration "5m${'x'.repeat(
          29,
        )}…" (202 characters): ${GENERIC_REASON}`,
      ),
    );
  });

  it('escapes control characters instead of printing them', () => {
    expect(() => parseDuration('5s\n')).not.toThrow();
    expect(() => parseDuration('5\ns')).toThrow(
      `invalid duration "5\\ns": ${GENERIC_REASON}`,
    );
  });

  describe('with days', () => {
    it.each([
      ['2d', 172_800_000],
      ['1d12h', 129_600_000],
      ['3d', 259_200_000],
    ])('parses %s', (text, ms) => {
      expect(parseDuration(text, { days: true })).toBe(ms);
    });

    it('still rejects what is not a duration, with the same message', () => {
      expect(() => parseDuration('10x', { days: true })).toThrow(
        new Error(`invalid duration "10x": ${GENERIC_REASON}`),
      );
    });
  });

  describe('with bare seconds', () => {
    it('reads a number without a unit as seconds', () => {
      expect(parseDuration('90', { bareSeconds: true })).toBe(90_000);
      expect(parseDuration('1.5', { bareSeconds: true })).toBe(1500);
    });
  });
});

describe('tryParseDuration', () => {
  it('returns undefined for a missing or malformed value', () => {
    expect(tryParseDuration(undefined)).toBeUndefined();
    expect(tryParseDuration('soon')).toBeUndefined();
    expect(tryParseDuration('2d')).toBeUndefined();
    expect(tryParseDuration('2d', { days: true })).toBe(172_800_000);
    expect(tryParseDuration('45s')).toBe(45_000);
  });

  // Seconds in, as the frontend used to read report strings.
  it.each([
    ['11m35s', 695],
    ['4h0m12s', 14412],
    ['30m', 1800],
    ['1.5h', 5400],
    ['250ms', 0.25],
    ['2d', 172800],
    ['90', 90],
  ])('reads %s leniently', (text, seconds) => {
    expect(
      tryParseDuration(text, { days: true, bareSeconds: true }),
    ).toBeCloseTo(seconds * 1000);
  });

  it.each(['', 'soon', '5 minutes', '10x'])(
    'rejects %j leniently too',
    text => {
      expect(
        tryParseDuration(text, { days: true, bareSeconds: true }),
      ).toBeUndefined();
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

describe('formatCompactDuration', () => {
  it.each([
    [0, '0s'],
    [450, '450ms'],
    [49_379, '49.4s'],
    [60_000, '1m'],
    [205_000, '3m25s'],
    [695_000, '11m35s'],
    [900_000, '15m'],
    [1_800_000, '30m'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
    [3_605_000, '1h0m5s'],
    [14_412_000, '4h0m12s'],
    [36_000_000, '10h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatCompactDuration(ms)).toBe(text);
  });

  it('reads back as the same duration', () => {
    for (const ms of [60_000, 900_000, 3_600_000, 5_400_000, 3_605_000]) {
      expect(parseDuration(formatCompactDuration(ms))).toBe(ms);
    }
  });
});

describe('formatHumanDuration', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [695, '11m 35s'],
    [900, '15m'],
    [14412, '4h'],
    [15120, '4h 12m'],
    [183600, '2d 3h'],
  ])('formats %d seconds', (seconds, text) => {
    expect(formatHumanDuration(seconds * 1000)).toBe(text);
  });

  it.each([
    [250, '250ms'],
    [-1, '—'],
    [NaN, '—'],
    [Infinity, '—'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatHumanDuration(ms)).toBe(text);
  });
});
