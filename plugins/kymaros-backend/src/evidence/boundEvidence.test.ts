import type * as k8s from '@kubernetes/client-node';
import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import { checkEvidence } from './checkEvidence';
import { podState } from './podState';
import { redactSecrets } from './redactSecrets';
import { boundRestoreLog } from './restoreEvidence';
import {
  boundEvidence,
  MAX_RUN_EVENTS,
  MAX_RUN_LOG_BYTES,
} from './boundEvidence';
import {
  MAX_CHECK_PODS,
  MAX_CONDITIONS,
  MAX_CONTAINER_STATES,
} from './boundLists';

const log = (name: string, kib: number) => ({
  name,
  type: 'container' as const,
  log: Array.from(
    { length: kib * 16 },
    (_, i) => `${name} ${String(i).padStart(57, '.')}\n`,
  ).join(''),
  truncated: false,
  totalLines: kib * 16,
});

describe('boundEvidence', () => {
  it('halves the longest logs, keeping their tails, until the run fits in 512 KiB', () => {
    const evidence: RunEvidence = {
      podLogs: [
        {
          podName: 'big',
          namespace: 'ns',
          phase: 'Running',
          containers: [log('big', 600), log('small', 10)],
        },
      ],
      events: [],
    };
    const bounded = boundEvidence(evidence);
    const [big, small] = bounded.podLogs[0].containers;
    const total = Buffer.byteLength(big.log) + Buffer.byteLength(small.log);
    expect(total).toBeLessThanOrEqual(MAX_RUN_LOG_BYTES);
    expect(big.truncated).toBe(true);
    expect(
      big.log.endsWith(`big ${String(600 * 16 - 1).padStart(57, '.')}\n`),
    ).toBe(true);
    expect(big.log.startsWith('big ')).toBe(true);
    expect(small.truncated).toBe(false);
    expect(bounded.omitted).toEqual([
      "logs cut 1 time(s), longest first, to keep the run's logs under 512 KiB",
    ]);
  });

  it('keeps the newest events with short messages', () => {
    const events = Array.from({ length: MAX_RUN_EVENTS + 5 }, (_, i) => ({
      namespace: 'ns',
      type: 'Normal',
      reason: 'Pulled',
      message: 'x'.repeat(i === MAX_RUN_EVENTS + 4 ? 5000 : 10),
      involvedObject: 'Pod/p',
      lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
      count: 1,
    }));
    const bounded = boundEvidence({ podLogs: [], events });
    expect(bounded.events).toHaveLength(MAX_RUN_EVENTS);
    expect(bounded.events[0].message).toHaveLength(1025);
    expect(bounded.omitted).toEqual(['5 older events left out (300 kept)']);
  });

  it('cuts messages only once redacted: a Secret value across the cut leaks no prefix', () => {
    const secret = 'S3cr3tT0ken-of-the-database';
    // The value starts just before the 1024th character.
    const message = `${'.'.repeat(1010)} token=${secret} and more`;
    const pod = {
      metadata: { name: 'db-0' },
      status: {
        phase: 'Running',
        message,
        conditions: [{ type: 'Ready', status: 'False', message }],
        containerStatuses: [
          {
            name: 'db',
            ready: false,
            restartCount: 3,
            image: 'db',
            imageID: '',
            state: { waiting: { reason: 'CrashLoopBackOff', message } },
            lastState: {
              terminated: { reason: 'Error', exitCode: 1, message },
            },
          },
        ],
      },
    } as k8s.V1Pod;
    const omitted: string[] = [];
    const evidence: RunEvidence = {
      podLogs: [
        { podName: 'db-0', namespace: 'ns', ...podState(pod), containers: [] },
      ],
      events: [],
      checks: checkEvidence(
        [{ result: { name: 'db', status: 'fail', duration: '1s', message } }],
        { sandboxes: { data: 'ns' }, pods: [], services: [] },
      ),
      restore: boundRestoreLog(
        { provider: 'velero', restoreName: 'r' },
        { warnings: [message], errors: [message] },
        omitted,
      ),
    };
    const kept = boundEvidence(redactSecrets(evidence, [secret]));
    const text = JSON.stringify(kept);
    expect(text).not.toContain('S3cr3t');
    const [db] = kept.podLogs;
    const cut = `${'.'.repeat(1010)} token=[redacted] …`.slice(0, 1024);
    for (const stored of [
      db.message,
      db.conditions![0].message,
      db.containerStates![0].state.message,
      db.containerStates![0].lastTermination!.message,
      kept.checks![0].message,
      kept.restore!.warnings[0],
      kept.restore!.errors[0],
    ])
      expect(stored).toBe(`${cut}…`);
  });

  it('keeps the first conditions and container states of a pod, and the first pods of a failed check', () => {
    const pods = Array.from({ length: MAX_CHECK_PODS + 4 }, (_, i) => ({
      namespace: 'ns',
      podName: `web-${i}`,
    }));
    const bounded = boundEvidence({
      podLogs: [
        {
          podName: 'web-0',
          namespace: 'ns',
          phase: 'Running',
          conditions: Array.from({ length: MAX_CONDITIONS + 1 }, (_, i) => ({
            type: `Gate${i}`,
            status: 'False',
          })),
          containerStates: Array.from(
            { length: MAX_CONTAINER_STATES + 2 },
            (_, i) => ({
              name: `c${i}`,
              init: false,
              ready: true,
              restartCount: 0,
              state: { state: 'running' as const },
            }),
          ),
          containers: [],
        },
      ],
      events: [],
      checks: [{ name: 'web', message: 'down', sandboxes: ['ns'], pods }],
    });
    const [pod] = bounded.podLogs;
    expect(pod.conditions).toHaveLength(MAX_CONDITIONS);
    expect(pod.containerStates!.map(c => c.name)[0]).toBe('c0');
    expect(pod.containerStates).toHaveLength(MAX_CONTAINER_STATES);
    expect(bounded.checks![0].pods).toEqual(pods.slice(0, MAX_CHECK_PODS));
    expect(bounded.omitted).toEqual([
      '1 conditions of ns/web-0 left out (10 kept)',
      '2 container states of ns/web-0 left out (20 kept)',
      '4 pods targeted by check web left out (20 kept)',
    ]);
  });
});
