import type { V1ContainerStatus, V1Pod } from '@kubernetes/client-node';
import { podStartupProblem } from './podStartupProblem';

const container = (
  name: string,
  status: Partial<V1ContainerStatus>,
): V1ContainerStatus => ({
  name,
  image: 'x',
  imageID: '',
  ready: false,
  restartCount: 0,
  ...status,
});

const pod = (name: string, statuses: V1ContainerStatus[]): V1Pod => ({
  metadata: { name },
  spec: { containers: statuses.map(s => ({ name: s.name })) },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: statuses,
  },
});

const crashLooping = (name: string, reason?: string, exitCode = 137) =>
  container(name, {
    restartCount: 20,
    state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
    lastState: { terminated: { exitCode, reason } },
  });

describe('podStartupProblem', () => {
  it('says a pod whose container keeps dying entered CrashLoopBackOff, in the documented words', () => {
    expect(
      podStartupProblem(
        pod('orders-postgres-0', [crashLooping('postgres', 'OOMKilled')]),
        30_000,
      ),
    ).toEqual({
      pod: 'orders-postgres-0',
      reason:
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      severity: 5,
    });
  });

  it('names the container of a pod that has several, and an exit code without a reason', () => {
    expect(
      podStartupProblem(
        pod('api-1', [
          container('proxy', { ready: true, state: { running: {} } }),
          crashLooping('app', 'Error', 1),
        ]),
        30_000,
      ).reason,
    ).toBe(
      'Pod api-1 entered CrashLoopBackOff: container app exited with code 1',
    );
  });

  it('says what kept any other pod from Ready within the wait', () => {
    expect(
      podStartupProblem(
        pod('web-1', [
          container('main', {
            state: { waiting: { reason: 'ContainerCreating' } },
          }),
        ]),
        120_000,
      ),
    ).toEqual({
      pod: 'web-1',
      reason:
        'Pod web-1 did not reach Ready state within 2m0s: ContainerCreating',
      severity: 2,
    });
  });
});
