import { VALIDATION_LEVELS } from '@kymaros/plugin-kymaros-common';
import {
  completeness,
  crossNamespaceDeps,
  internalHealth,
  podStartup,
  points,
  restoreIntegrity,
  rtoCompliance,
  skipped,
  totalScore,
} from './levels';

describe('levels', () => {
  it('floors partial credit per level', () => {
    expect(points('completeness', 0.75)).toBe(15);
    expect(points('podStartup', 2 / 3)).toBe(13);
    expect(points('crossNamespaceDeps', 0.99)).toBe(9);
    expect(points('restoreIntegrity', 1)).toBe(25);
    expect(points('rtoCompliance', 1.5)).toBe(5);
  });

  it('gives PartiallyFailed restores the share of clean items', () => {
    const l = restoreIntegrity({
      phase: 'PartiallyFailed',
      backupName: 'b',
      provider: 'velero',
      itemsTotal: 20,
      itemsFailed: 2,
      messages: ['search: error restoring secret'],
    });
    expect(l).toMatchObject({ status: 'fail', points: 22, maxPoints: 25 });
    expect(l.detail).toBe(
      'Velero restore partially failed, 18/20 items restored without error: search: error restoring secret',
    );
    expect(
      restoreIntegrity({
        phase: 'Failed',
        backupName: 'b',
        provider: 'velero',
        itemsFailed: 0,
        messages: ['boom'],
      }),
    ).toMatchObject({
      status: 'fail',
      points: 0,
      tested: [],
      failed: ['b'],
      notTested: [],
    });
    expect(l).toMatchObject({ tested: [], failed: ['b'], notTested: [] });
  });

  it('words the passing levels as the documented report does', () => {
    expect(
      restoreIntegrity({
        phase: 'Completed',
        backupName: 'my-app-20240314-230000',
        provider: 'velero',
        itemsFailed: 0,
        messages: [],
      }),
    ).toMatchObject({
      detail: 'Velero restore completed without errors',
      tested: ['my-app-20240314-230000'],
    });
    expect(
      completeness({
        expected: 3,
        found: 3,
        missing: [],
        present: ['Deployment/api'],
      }).detail,
    ).toBe('All expected resources found in sandbox');
    const pass = (name: string) =>
      ({ name, status: 'pass', duration: '8s', message: '' } as const);
    expect(
      internalHealth([pass('api-http-ready'), pass('worker-pod-running')]),
    ).toMatchObject({
      detail: '2/2 health checks passed',
      tested: ['api-http-ready', 'worker-pod-running'],
    });
  });

  it('names what is missing from the sandbox', () => {
    const l = completeness({
      expected: 10,
      found: 9,
      missing: ['search/Secret/creds'],
      present: [],
    });
    expect(l).toMatchObject({
      status: 'fail',
      points: 18,
      failed: ['search/Secret/creds'],
      notTested: [],
    });
  });

  it('names the workloads that started and those that did not, the pod in the detail, as the documented report does', () => {
    const l = podStartup({
      expected: 3,
      ready: 2,
      readyWorkloads: ['api', 'worker'],
      notReadyWorkloads: ['orders-postgres'],
      problems: [
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      ],
    });
    expect(l).toEqual({
      status: 'fail',
      detail:
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      tested: ['api', 'worker'],
      failed: ['orders-postgres'],
      notTested: [],
      points: 13,
      maxPoints: 20,
    });
    expect(
      podStartup({
        expected: 3,
        ready: 3,
        readyWorkloads: ['api', 'worker', 'scheduler'],
        notReadyWorkloads: [],
        problems: [],
        readyAfterMs: 270_000,
      }),
    ).toMatchObject({
      status: 'pass',
      detail: 'All pods reached Ready state within 4m30s',
      tested: ['api', 'worker', 'scheduler'],
      notTested: [],
    });
  });

  it('spells out three pod problems, worst first as given, and counts the rest', () => {
    const l = podStartup({
      expected: 6,
      ready: 1,
      readyWorkloads: ['web'],
      notReadyWorkloads: ['a', 'b', 'c', 'd'],
      problems: ['Pod a-0 …', 'Pod b-0 …', 'Pod c-0 …', 'Pod d-0 …', 'x'],
    });
    expect(l.detail).toBe('Pod a-0 …; Pod b-0 …; Pod c-0 …; and 2 more');
  });

  it('counts skipped checks as not passed and a test without checks as 0 with a reason', () => {
    const l = internalHealth([
      { name: 'db', status: 'fail', duration: '5m0s', message: 'x' },
      {
        name: 'api',
        status: 'skip',
        duration: '0s',
        message: 'Skipped: db failed, downstream checks aborted',
      },
      { name: 'ok', status: 'pass', duration: '1s', message: '' },
    ]);
    expect(l).toMatchObject({
      status: 'fail',
      points: 6,
      detail: '1/3 checks passed, 1 skipped due to upstream failure',
      tested: ['ok'],
      failed: ['db'],
      notTested: ['api'],
      notTestedReason: 'Skipped: db failed, downstream checks aborted',
    });
    expect(internalHealth([])).toMatchObject({ points: 0, status: 'fail' });
    expect(internalHealth([]).detail).toMatch(/No health checks defined/);
  });

  it('scores dependencies and RTO', () => {
    expect(crossNamespaceDeps({ verdicts: [] })).toMatchObject({
      points: 10,
      detail: 'No cross-namespace dependencies declared',
    });
    expect(
      crossNamespaceDeps({
        verdicts: [
          { name: 'a.b', satisfied: true, reason: '' },
          { name: 'c.d', satisfied: false, reason: 'not found' },
        ],
      }),
    ).toMatchObject({
      points: 5,
      status: 'fail',
      tested: ['a.b'],
      failed: ['c.d'],
      notTested: [],
    });
    expect(rtoCompliance(1_105_000, 900_000)).toMatchObject({
      status: 'fail',
      points: 0,
      detail: '18m25s measured against 15m target — exceeded by 3m25s',
      tested: [],
      failed: ['sla.maxRTO'],
    });
    expect(rtoCompliance(695_000, undefined)).toMatchObject({
      status: 'pass',
      tested: [],
      failed: [],
      notTested: ['sla.maxRTO'],
      notTestedReason: 'The test sets no RTO target (sla.maxRTO)',
    });
    expect(rtoCompliance(695_000, 1_800_000)).toMatchObject({
      status: 'pass',
      points: 5,
      detail: '11m35s measured against 30m target',
    });
  });

  it('says why a skipped level tested nothing', () => {
    expect(
      skipped('crossNamespaceDeps', 'Skipped: pod startup did not complete', [
        'shared-redis.platform-infra',
      ]),
    ).toEqual({
      status: 'skip',
      detail: 'Skipped: pod startup did not complete',
      tested: [],
      failed: [],
      notTested: ['shared-redis.platform-infra'],
      notTestedReason: 'Skipped: pod startup did not complete',
      points: 0,
      maxPoints: 10,
    });
  });

  it('adds up to 100 and maps to results', () => {
    const perfect = Object.fromEntries(
      VALIDATION_LEVELS.map(l => [
        l.key,
        {
          status: 'pass',
          detail: '',
          tested: [],
          notTested: [],
          points: l.points,
          maxPoints: l.points,
        },
      ]),
    ) as any;
    expect(totalScore(perfect, false)).toEqual({ score: 100, result: 'pass' });
    expect(
      totalScore(
        { ...perfect, internalHealth: skipped('internalHealth', 'x') },
        false,
      ),
    ).toEqual({ score: 80, result: 'partial' });
    expect(totalScore(perfect, true)).toEqual({ score: 100, result: 'error' });
  });
});
