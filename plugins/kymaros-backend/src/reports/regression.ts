import type {
  RestoreReport,
  RestoreReportStatus,
  ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';
import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';

/** A score drop, or a level that passed last time and fails now, is a regression. */
export function detectRegression(
  current: Pick<RestoreReportStatus, 'score' | 'validationLevels'>,
  previous: RestoreReport | undefined,
): RestoreReportStatus['regression'] {
  if (!previous) return undefined;
  const before = previous.status;
  const levels = VALIDATION_LEVELS.map(l => l.key).filter(
    (k: ValidationLevelKey) =>
      before.validationLevels?.[k]?.status === 'pass' &&
      current.validationLevels[k]?.status === 'fail',
  );
  const delta = current.score - before.score;
  if (delta >= 0 && levels.length === 0) return undefined;
  return {
    previousReport: previous.metadata.name,
    previousScore: before.score,
    scoreDelta: delta,
    levels,
  };
}
