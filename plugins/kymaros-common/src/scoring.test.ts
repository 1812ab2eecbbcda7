import { resultForScore, VALIDATION_LEVELS } from './scoring';

describe('resultForScore', () => {
  it.each([
    [100, 'pass'],
    [90, 'pass'],
    [89, 'partial'],
    [70, 'partial'],
    [69, 'fail'],
    [0, 'fail'],
  ])('maps %i to %s', (score, result) => {
    expect(resultForScore(score)).toBe(result);
  });

  it('has six levels worth 100 points together', () => {
    expect(VALIDATION_LEVELS).toHaveLength(6);
    expect(VALIDATION_LEVELS.reduce((n, l) => n + l.points, 0)).toBe(100);
  });
});
