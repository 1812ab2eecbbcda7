import type { RunEvidence } from '@kymaros/plugin-kymaros-common';

/** What the orders demo run keeps: its database OOMKilled in a crash loop. */
export const ordersEvidence: RunEvidence = {
  podLogs: [
    {
      podName: 'orders-postgres-0',
      namespace: 'kymaros-orders-x1',
      sourceNamespace: 'orders',
      phase: 'Running',
      ready: false,
      problem: 'CrashLoopBackOff — OOMKilled',
      restartCount: 8,
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady' },
      ],
      containerStates: [
        {
          name: 'postgres',
          init: false,
          ready: false,
          restartCount: 8,
          state: { state: 'waiting', reason: 'CrashLoopBackOff' },
          lastTermination: {
            state: 'terminated',
            reason: 'OOMKilled',
            exitCode: 137,
          },
        },
      ],
      containers: [
        {
          name: 'postgres',
          type: 'previous',
          log: 'LOG:  server process (PID 57) was terminated by signal 9: Killed\n',
          truncated: false,
          totalLines: 1,
        },
      ],
    },
    {
      podName: 'orders-api-7d9f',
      namespace: 'kymaros-orders-x1',
      sourceNamespace: 'orders',
      phase: 'Running',
      ready: true,
      restartCount: 0,
      containers: [
        {
          name: 'api',
          type: 'container',
          log: 'listening on :8080\n',
          truncated: false,
          totalLines: 1,
        },
      ],
    },
  ],
  events: [
    {
      namespace: 'kymaros-orders-x1',
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      involvedObject: 'Pod/orders-postgres-0',
      lastTimestamp: '2024-03-16T03:04:05Z',
      count: 7,
    },
    {
      namespace: 'kymaros-orders-x1',
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned',
      involvedObject: 'Pod/orders-api-7d9f',
      lastTimestamp: '2024-03-16T03:03:00Z',
      count: 1,
    },
  ],
  checks: [
    {
      name: 'postgres-pod-ready',
      type: 'podStatus',
      message: '0/1 pods ready',
      sandboxes: ['kymaros-orders-x1'],
      pods: [{ namespace: 'kymaros-orders-x1', podName: 'orders-postgres-0' }],
    },
  ],
  restore: {
    provider: 'velero',
    restoreName: 'kymaros-r1',
    log: 'time="2024-03-16T03:02:00Z" level=info msg="restore completed"\n',
    warnings: [
      'kymaros-orders-x1: could not restore, ConfigMap "x" already exists',
    ],
    errors: [],
  },
};
