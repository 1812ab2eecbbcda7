import { redactSecrets, secretNeedles } from './redactSecrets';

const evidence = (log: string, message = '') => ({
  podLogs: [
    {
      podName: 'api-1',
      namespace: 'ns',
      phase: 'Running',
      containers: [
        {
          name: 'main',
          type: 'container' as const,
          log,
          truncated: false,
          totalLines: 1,
        },
      ],
    },
  ],
  events: [
    {
      namespace: 'ns',
      type: 'Warning',
      reason: 'Failed',
      message,
      involvedObject: 'Pod/api-1',
      lastTimestamp: '2026-01-01T00:00:00Z',
      count: 1,
    },
  ],
});

describe('redactSecrets', () => {
  it('hides a value stored with a trailing newline, in logs and event messages', () => {
    const out = redactSecrets(
      evidence('password=S3cretPassw0rd to db\n', 'auth S3cretPassw0rd failed'),
      ['S3cretPassw0rd\n'],
    );
    expect(out.podLogs[0].containers[0].log).toBe(
      'password=[redacted] to db\n',
    );
    expect(out.events[0].message).toBe('auth [redacted] failed');
  });

  it('hides each line of a multi-line value, and leaves short values alone', () => {
    const out = redactSecrets(
      evidence('loaded PASS=hunter2x and port 5432\n'),
      ['USER=shop\nPASS=hunter2x\n', '5432'],
    );
    expect(out.podLogs[0].containers[0].log).toBe(
      'loaded [redacted] and port 5432\n',
    );
  });

  it('hides the longest value first, so one containing another goes whole', () => {
    expect(secretNeedles(['abcdefgh', 'abcdefgh-ijklmnop'])).toEqual([
      'abcdefgh-ijklmnop',
      'abcdefgh',
    ]);
  });
});
