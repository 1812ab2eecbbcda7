import {
  type LevelResult,
  type ValidationLevelKey,
  VALIDATION_LEVELS,
} from '@kymaros/plugin-kymaros-common';
import { evaluate } from '../../scoring/evaluation';
import type { ReportFacts } from '../../reports/reportFacts';

const MINUTE = 60_000;

/**
 * What a run through validation learnt: every level passed but those in
 * `failing`; its RTO was `rtoMinutes` against a 15m target. It ended at `at`.
 */
export function runFacts(
  at: Date,
  shape: {
    failing?: Partial<Record<ValidationLevelKey, string>>;
    rtoMinutes?: number;
  } = {},
): ReportFacts {
  const rtoMs = (shape.rtoMinutes ?? 10) * MINUTE;
  const levels = {} as Record<ValidationLevelKey, LevelResult>;
  for (const { key, points } of VALIDATION_LEVELS) {
    const failed =
      shape.failing?.[key] ??
      (key === 'rtoCompliance' && rtoMs > 15 * MINUTE
        ? 'over the target'
        : undefined);
    levels[key] = {
      status: failed === undefined ? 'pass' : 'fail',
      detail: failed ?? 'ok',
      tested: [],
      failed: [],
      notTested: [],
      points: failed === undefined ? points : 0,
      maxPoints: points,
    };
  }
  return {
    kind: 'run',
    startedAt: new Date(at.getTime() - rtoMs - MINUTE),
    restoreStartedAt: new Date(at.getTime() - rtoMs),
    validatedAt: at,
    endedAt: new Date(at.getTime() + MINUTE),
    evaluation: evaluate(levels, false, 'not reached'),
    phases: [],
    rtoTarget: '15m',
    sandboxes: { orders: 'kymaros-orders-abc12' },
    checks: [],
  };
}

/** A run that could not start: an `error` report. */
export function notStartedFacts(at: Date): ReportFacts {
  return { kind: 'not-started', detail: 'no credentials for cluster', at };
}
