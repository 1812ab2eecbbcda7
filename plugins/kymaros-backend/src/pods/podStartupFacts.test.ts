import { podStartupFacts } from './podStartupFacts';
import type { WorkloadPods } from './waitForWorkloads';

const workload = (
  namespace: string,
  kind: string,
  name: string,
  ready: number,
  desired = 1,
) => ({ namespace, kind, name, desired, ready });

function pods(partial: Partial<WorkloadPods>): WorkloadPods {
  return {
    workloads: [],
    expected: 0,
    ready: 0,
    readyPods: [],
    notReady: [],
    missingPods: [],
    ...partial,
  };
}

describe('podStartupFacts', () => {
  it('names workloads as the documented report does, the pods in the problems', () => {
    const facts = podStartupFacts(
      pods({
        workloads: [
          workload('sbx', 'Deployment', 'api', 2, 2),
          workload('sbx', 'Deployment', 'worker', 1),
          workload('sbx', 'StatefulSet', 'orders-postgres', 0),
        ],
        expected: 4,
        ready: 3,
        readyPods: ['api-a', 'api-b', 'worker-a'],
        notReady: [
          {
            pod: 'orders-postgres-0',
            reason:
              'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
            severity: 5,
          },
        ],
      }),
      { sbx: 'orders' },
    );
    expect(facts).toEqual({
      expected: 4,
      ready: 3,
      readyWorkloads: ['api', 'worker'],
      notReadyWorkloads: ['orders-postgres'],
      problems: [
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      ],
      readyAfterMs: undefined,
    });
  });

  it('qualifies names by source namespace when the run restored several, and by kind when two kinds share one', () => {
    const facts = podStartupFacts(
      pods({
        workloads: [
          workload('sbx-web', 'Deployment', 'api', 1),
          workload('sbx-data', 'Deployment', 'cache', 1),
          workload('sbx-data', 'StatefulSet', 'cache', 0, 2),
        ],
        expected: 4,
        ready: 2,
        notReady: [
          {
            pod: 'cache-0',
            reason: 'Pod cache-0 did not reach Ready state within 30s: Pending',
            severity: 1,
          },
        ],
        missingPods: [
          { namespace: 'sbx-data', workload: 'StatefulSet/cache', count: 1 },
        ],
      }),
      { 'sbx-web': 'web', 'sbx-data': 'data' },
    );
    expect(facts.readyWorkloads).toEqual(['web/api', 'data/Deployment/cache']);
    expect(facts.notReadyWorkloads).toEqual(['data/StatefulSet/cache']);
    // Worst first: pods never created outrank a pod still pending.
    expect(facts.problems).toEqual([
      'data/StatefulSet/cache: 1 pod never created',
      'Pod cache-0 did not reach Ready state within 30s: Pending',
    ]);
  });
});
