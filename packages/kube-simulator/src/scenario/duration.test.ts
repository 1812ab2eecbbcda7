import { isDuration, parseDuration } from './duration';

describe('scenario parseDuration', () => {
  it('accepts Go durations and days', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('0')).toBe(0);
  });

  it('names the value it rejects', () => {
    expect(() => parseDuration('soon')).toThrow('invalid duration "soon"');
  });
});

describe('isDuration', () => {
  it('tells a scenario duration from anything else', () => {
    expect(isDuration('26h')).toBe(true);
    expect(isDuration('2d')).toBe(true);
    expect(isDuration('0')).toBe(true);
    expect(isDuration('soon')).toBe(false);
    expect(isDuration('')).toBe(false);
  });
});
