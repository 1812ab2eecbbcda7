import {
  VALIDATION_LEVELS,
  type LevelResult,
  type RestoreReportStatus,
  type ValidationLevelKey,
} from '@kymaros/plugin-kymaros-common';

/** What each level proves, in a service owner's words. */
export const LEVEL_DESCRIPTIONS: Record<ValidationLevelKey, string> = {
  restoreIntegrity: 'The backup tool restored the backup without errors.',
  completeness:
    'Every object in the backup is back in the sandbox, counted per kind.',
  podStartup: 'The restored pods reached Running and Ready in time.',
  internalHealth:
    'Your health checks (HTTP, TCP, exec, queries) passed against the restored app.',
  crossNamespaceDeps:
    'Services the app needs in other namespaces were restored with it or are reachable.',
  rtoCompliance: 'The whole restore finished within the RTO target.',
};

export interface LevelView extends LevelResult {
  /** Stored before failed items were kept apart: `tested` may hold failures. */
  legacy: boolean;
  key: ValidationLevelKey;
  title: string;
  description: string;
}

/**
 * The six levels in report order; a level missing from an old report shows
 * as skipped, and an old report's level without `failed` has none.
 */
export function levelsOf(status: RestoreReportStatus): LevelView[] {
  return VALIDATION_LEVELS.map(level => {
    const result: LevelResult = status.validationLevels?.[level.key] ?? {
      status: 'skip',
      detail: 'Not recorded in this report',
      tested: [],
      failed: [],
      notTested: [],
      points: 0,
      maxPoints: level.points,
    };
    return {
      ...result,
      // Reports stored before `failed` existed have none.
      failed: result.failed ?? [],
      legacy: !result.failed,
      maxPoints: result.maxPoints ?? level.points,
      points: result.points ?? 0,
      key: level.key,
      title: level.title,
      description: LEVEL_DESCRIPTIONS[level.key],
    };
  });
}

export function levelTitle(key: ValidationLevelKey): string {
  return VALIDATION_LEVELS.find(l => l.key === key)?.title ?? key;
}
