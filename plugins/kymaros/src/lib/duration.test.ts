import { formatDuration, formatSeconds, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['11m35s', 695],
    ['4h0m12s', 14412],
    ['30m', 1800],
    ['1.5h', 5400],
    ['250ms', 0.25],
    ['2d', 172800],
    ['90', 90],
  ])('parses %s', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds);
  });

  it.each(['', 'soon', '5 minutes', '10x'])('rejects %j', text => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0s'],
    [45, '45s'],
    [695, '11m 35s'],
    [900, '15m'],
    [14412, '4h'],
    [15120, '4h 12m'],
    [183600, '2d 3h'],
  ])('formats %d', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('formatDuration', () => {
  it('reformats Go durations and keeps unknown text', () => {
    expect(formatDuration('18m25s')).toBe('18m 25s');
    expect(formatDuration('about an hour')).toBe('about an hour');
    expect(formatDuration(undefined)).toBe('—');
  });
});
