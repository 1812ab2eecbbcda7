import type { V1Pod } from '@kubernetes/client-node';
import {
  describeNotReady,
  isPodReady,
  labelSelectorString,
  restartCount,
  worstPod,
} from './podState';

const ready = (name: string): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: 'main' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      {
        name: 'main',
        image: 'x',
        imageID: '',
        ready: true,
        restartCount: 0,
        state: { running: {} },
      },
    ],
  },
});

const crashLooping = (name: string, restarts: number): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: 'postgres' }] },
  status: {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [
      {
        name: 'postgres',
        image: 'postgres',
        imageID: '',
        ready: false,
        restartCount: restarts,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
        lastState: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
      },
    ],
  },
});

const starting = (name: string): V1Pod => ({
  metadata: { name },
  spec: { containers: [{ name: 'main' }] },
  status: {
    phase: 'Pending',
    conditions: [{ type: 'PodScheduled', status: 'True' }],
    containerStatuses: [
      {
        name: 'main',
        image: 'x',
        imageID: '',
        ready: false,
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      },
    ],
  },
});

describe('podState', () => {
  it('builds an equality label selector', () => {
    expect(labelSelectorString({ app: 'web', tier: 'db' })).toBe(
      'app=web,tier=db',
    );
    expect(labelSelectorString(undefined)).toBe('');
  });

  it('counts a pod Ready only when Running with Ready=True and not terminating', () => {
    expect(isPodReady(ready('a'))).toBe(true);
    expect(isPodReady(starting('b'))).toBe(false);
    expect(
      isPodReady({
        ...ready('c'),
        metadata: { name: 'c', deletionTimestamp: new Date() },
      }),
    ).toBe(false);
  });

  it('explains a crash loop with the last termination reason, leaving restart counts to the evidence kept once', () => {
    expect(describeNotReady(crashLooping('orders-postgres-0', 3))).toBe(
      'Pod orders-postgres-0 not Ready: CrashLoopBackOff — OOMKilled',
    );
  });

  it('gives the exit code when the reason is a plain Error', () => {
    const pod = crashLooping('api-1', 1);
    pod.status!.containerStatuses![0].lastState = {
      terminated: { exitCode: 2, reason: 'Error' },
    };
    expect(describeNotReady(pod)).toBe(
      'Pod api-1 not Ready: CrashLoopBackOff — Error, exit code 2',
    );
  });

  it('explains an unschedulable pod with the scheduler message', () => {
    const pod: V1Pod = {
      metadata: { name: 'big-0' },
      status: {
        phase: 'Pending',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/1 nodes are available: 1 Insufficient memory.',
          },
        ],
      },
    };
    expect(describeNotReady(pod)).toBe(
      'Pod big-0 not Ready: Pending — Unschedulable: 0/1 nodes are available: 1 Insufficient memory.',
    );
  });

  it('explains image pull failures and names the container of a multi-container pod', () => {
    const pod = starting('web-1');
    pod.spec!.containers.push({ name: 'sidecar' });
    pod.status!.containerStatuses!.push({
      name: 'sidecar',
      image: 'nope',
      imageID: '',
      ready: false,
      restartCount: 0,
      state: {
        waiting: {
          reason: 'ImagePullBackOff',
          message: 'Back-off pulling image "nope"',
        },
      },
    });
    expect(describeNotReady(pod)).toBe(
      'Pod web-1 not Ready: container sidecar: ImagePullBackOff: Back-off pulling image "nope"',
    );
  });

  it('says when a container runs but fails readiness', () => {
    const pod = ready('web-2');
    pod.status!.conditions = [{ type: 'Ready', status: 'False' }];
    pod.status!.containerStatuses![0].ready = false;
    expect(describeNotReady(pod)).toBe(
      'Pod web-2 not Ready: Running but not ready',
    );
  });

  it('explains failed and evicted pods', () => {
    const pod: V1Pod = {
      metadata: { name: 'evicted' },
      status: {
        phase: 'Failed',
        reason: 'Evicted',
        message: 'The node was low on resource: memory.',
      },
    };
    expect(describeNotReady(pod)).toBe(
      'Pod evicted not Ready: Failed — Evicted: The node was low on resource: memory.',
    );
  });

  it('picks the worst pod: crash over starting, then most restarts', () => {
    const pods = [
      ready('a'),
      starting('b'),
      crashLooping('c', 1),
      crashLooping('d', 4),
    ];
    expect(worstPod(pods)?.metadata?.name).toBe('d');
    expect(worstPod([ready('a'), starting('b')])?.metadata?.name).toBe('b');
    expect(worstPod([ready('a')])).toBeUndefined();
    expect(restartCount(pods[3])).toBe(4);
  });
});
