import type {
  LevelResult,
  RestoreResult,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import { skipped, totalScore } from './levels';

/** Every level of a run with the score and result they add up to. */
export interface Evaluation {
  validationLevels: Record<ValidationLevelKey, LevelResult>;
  score: number;
  result: RestoreResult;
}

/**
 * Scores the levels a run reached; the others are skipped with `notReached`.
 * `error` marks a run stopped by its environment rather than by its backup.
 */
export function evaluate(
  reached: Partial<Record<ValidationLevelKey, LevelResult>>,
  error: boolean,
  notReached: string,
): Evaluation {
  const validationLevels = Object.fromEntries(
    VALIDATION_LEVELS.map(l => [
      l.key,
      reached[l.key] ?? skipped(l.key, notReached),
    ]),
  ) as Record<ValidationLevelKey, LevelResult>;
  return { validationLevels, ...totalScore(validationLevels, error) };
}

/** A run that never got to evaluate anything: an error, every level skipped for `detail`. */
export function notEvaluated(detail: string): Evaluation {
  return evaluate({}, true, `Not evaluated: ${detail}`);
}
