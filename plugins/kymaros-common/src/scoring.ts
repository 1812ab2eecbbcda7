/**
 * The six validation levels, in report order, with the points each can earn.
 *
 * @public
 */
export const VALIDATION_LEVELS = [
  { key: 'restoreIntegrity', points: 25, title: 'Restore integrity' },
  { key: 'completeness', points: 20, title: 'Completeness' },
  { key: 'podStartup', points: 20, title: 'Pod startup' },
  { key: 'internalHealth', points: 20, title: 'Application health' },
  {
    key: 'crossNamespaceDeps',
    points: 10,
    title: 'Cross-namespace dependencies',
  },
  { key: 'rtoCompliance', points: 5, title: 'RTO compliance' },
] as const;

/** @public */
export type ValidationLevelKey = (typeof VALIDATION_LEVELS)[number]['key'];

/** @public */
export const SCORE_THRESHOLDS = { pass: 90, partial: 70 } as const;

/** @public */
export type RestoreResult = 'pass' | 'partial' | 'fail' | 'error';

/**
 * Pass from 90, partial from 70 to 89, fail below 70.
 *
 * @public
 */
export function resultForScore(score: number): Exclude<RestoreResult, 'error'> {
  if (score >= SCORE_THRESHOLDS.pass) return 'pass';
  if (score >= SCORE_THRESHOLDS.partial) return 'partial';
  return 'fail';
}
