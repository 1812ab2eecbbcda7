import {
  type LevelResult,
  type RestoreReport,
  type RestoreResult,
  type ValidationLevelKey,
  VALIDATION_LEVELS,
  resultForScore,
} from '@kymaros/plugin-kymaros-common';

const levelStatus = (
  skipped: boolean,
  failed: boolean,
): LevelResult['status'] => {
  if (skipped) return 'skip';
  return failed ? 'fail' : 'pass';
};

export interface ReportShape {
  name?: string;
  score?: number;
  /** Defaults to the result the score gives. */
  result?: RestoreResult;
  /** Levels that failed, with their detail. */
  failing?: Partial<Record<ValidationLevelKey, string>>;
  /** `none`: no target; `skip`: not measured (the run stopped before validation). */
  rto?: 'within' | 'exceeded' | 'none' | 'skip';
  detail?: string;
  regression?: boolean;
  entityRef?: string;
}

/** A report of test `orders` shaped for one notification case. */
export function report(shape: ReportShape = {}): RestoreReport {
  const score = shape.score ?? 100;
  const rto = shape.rto ?? 'within';
  const levels = {} as Record<ValidationLevelKey, LevelResult>;
  for (const { key, points } of VALIDATION_LEVELS) {
    const failed = shape.failing?.[key];
    const skipped = key === 'rtoCompliance' && rto === 'skip';
    levels[key] = {
      status: levelStatus(skipped, failed !== undefined),
      detail: failed ?? 'ok',
      tested: [],
      failed: [],
      notTested: [],
      points: failed !== undefined || skipped ? 0 : points,
      maxPoints: points,
    };
  }
  if (rto === 'exceeded') levels.rtoCompliance.status = 'fail';
  const name = shape.name ?? 'orders-20261130-030000';
  return {
    apiVersion: 'restore.kymaros.io/v1alpha1',
    kind: 'RestoreReport',
    metadata: {
      name,
      labels: { 'kymaros.io/test': 'orders' },
      creationTimestamp: '2026-11-30T03:12:00Z',
    },
    spec: {
      testRef: 'orders',
      entityRef: shape.entityRef ?? 'component:default/orders',
    },
    status: {
      score,
      result: shape.result ?? resultForScore(score),
      startedAt: '2026-11-30T03:00:00Z',
      completedAt: '2026-11-30T03:11:35Z',
      rto: {
        measured: rto === 'exceeded' ? '21m10s' : '11m35s',
        measuredMs: rto === 'exceeded' ? 1_270_000 : 695_000,
        ...(rto === 'none' ? {} : { target: '15m', targetMs: 900_000 }),
        withinSLA: rto === 'within' || rto === 'none',
        phases: [],
      },
      backup: { name: 'daily-20261130', age: '3h', size: '1.2 GiB' },
      checks: [],
      completeness: {
        deployments: '1/1',
        statefulSets: '1/1',
        services: '2/2',
        secrets: '1/1',
        configMaps: '1/1',
        pvcs: '1/1',
        customResources: '0/0',
      },
      validationLevels: levels,
      ...(shape.detail ? { detail: shape.detail } : {}),
      cluster: 'restore-lab',
      provider: 'velero',
      ...(shape.regression
        ? {
            regression: {
              previousReport: 'orders-20261129-030000',
              previousScore: 100,
              scoreDelta: score - 100,
              levels: Object.keys(shape.failing ?? {}) as ValidationLevelKey[],
            },
          }
        : {}),
    },
  };
}
