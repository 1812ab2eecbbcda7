import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import { evaluate, notEvaluated } from './evaluation';
import { restoreIntegrity } from './levels';

describe('evaluate', () => {
  const restored = restoreIntegrity({
    phase: 'Completed',
    backupName: 'b',
    provider: 'sim',
    itemsFailed: 0,
    messages: [],
  });

  it('keeps the levels reached, skips the others with the reason, and scores the sum', () => {
    const evaluation = evaluate(
      { restoreIntegrity: restored },
      false,
      'not reached',
    );
    expect(evaluation.validationLevels.restoreIntegrity).toBe(restored);
    expect(evaluation.validationLevels.podStartup).toMatchObject({
      status: 'skip',
      detail: 'not reached',
      points: 0,
    });
    expect(evaluation.score).toBe(restored.points);
    expect(evaluation.result).toBe('fail');
  });

  it('makes the result an error when the environment stopped the run', () => {
    expect(evaluate({ restoreIntegrity: restored }, true, 'x').result).toBe(
      'error',
    );
  });
});

describe('notEvaluated', () => {
  it('skips every level with the reason and scores 0 as an error', () => {
    const evaluation = notEvaluated('no credentials');
    expect(evaluation).toMatchObject({ score: 0, result: 'error' });
    expect(Object.keys(evaluation.validationLevels)).toEqual(
      VALIDATION_LEVELS.map(l => l.key),
    );
    for (const level of Object.values(evaluation.validationLevels))
      expect(level).toMatchObject({
        status: 'skip',
        detail: 'Not evaluated: no credentials',
      });
  });
});
