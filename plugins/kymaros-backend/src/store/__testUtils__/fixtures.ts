import {
  RestoreReport,
  VALIDATION_LEVELS,
  resultForScore,
} from '@kymaros/plugin-kymaros-common';
import type { TestRecord } from '../KymarosStore';

export function testRecord(
  entityRef: string,
  name: string,
  overrides: Partial<TestRecord> = {},
): TestRecord {
  return {
    id: `${entityRef}:${name}`,
    entityRef,
    name,
    source: 'annotations',
    cluster: 'local',
    spec: {
      backupSource: {
        provider: 'velero',
        backupName: 'latest',
        namespaces: [{ name }],
      },
      schedule: { cron: '0 3 * * *' },
      sandbox: { namespacePrefix: 'kymaros', networkIsolation: 'strict' },
      historyLimit: 10,
    },
    ...overrides,
  };
}

export function restoreReport(
  testId: string,
  name: string,
  options: {
    score?: number;
    createdAt?: string;
    withinSLA?: boolean;
    backupAge?: string;
    rpo?: RestoreReport['status']['rpo'];
  } = {},
): RestoreReport {
  const score = options.score ?? 95;
  const createdAt = options.createdAt ?? '2026-11-22T03:00:00.000Z';
  const levels = {} as RestoreReport['status']['validationLevels'];
  for (const { key, points } of VALIDATION_LEVELS) {
    levels[key] = {
      status: 'pass',
      detail: '',
      tested: [],
      failed: [],
      notTested: [],
      points,
      maxPoints: points,
    };
  }
  return {
    apiVersion: 'restore.kymaros.io/v1alpha1',
    kind: 'RestoreReport',
    metadata: {
      name,
      labels: { 'kymaros.io/test': testId },
      creationTimestamp: createdAt,
    },
    spec: { testRef: testId },
    status: {
      score,
      result: resultForScore(score),
      startedAt: createdAt,
      completedAt: createdAt,
      rto: {
        measured: '2m',
        target: '15m',
        withinSLA: options.withinSLA ?? true,
        phases: [],
      },
      ...(options.rpo ? { rpo: options.rpo } : {}),
      backup: { name: 'daily', age: options.backupAge ?? '3h', size: '1Gi' },
      checks: [],
      completeness: {
        deployments: '1/1',
        statefulSets: '0/0',
        services: '1/1',
        secrets: '1/1',
        configMaps: '1/1',
        pvcs: '0/0',
        customResources: '0/0',
      },
      validationLevels: levels,
    },
  };
}
