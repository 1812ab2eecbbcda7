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
    const needles = secretNeedles(['abcdefgh', 'abcdefgh-ijklmnop']);
    expect(needles.indexOf('abcdefgh-ijklmnop')).toBeLessThan(
      needles.indexOf('abcdefgh'),
    );
    expect(needles.indexOf('abcdefgh')).toBeGreaterThanOrEqual(0);
  });
});

describe('redactSecrets, everywhere kept', () => {
  it('hides values in pod status, checks and the restore log too', () => {
    const secret = 'p4ssw0rd-from-secret';
    const out = redactSecrets(
      {
        ...evidence('ok\n'),
        podLogs: [
          {
            ...evidence('ok\n').podLogs[0],
            problem: `CreateContainerConfigError: bad ${secret}`,
            conditions: [
              { type: 'Ready', status: 'False', message: `uses ${secret}` },
            ],
          },
        ],
        checks: [
          {
            name: 'login',
            message: `401 for ${secret}`,
            sandboxes: ['ns'],
            pods: [],
          },
        ],
        restore: {
          provider: 'velero',
          restoreName: 'r1',
          log: `level=error msg="bad ${secret}"\n`,
          warnings: [`w ${secret}`],
          errors: [`e ${secret}`],
        },
      },
      [secret],
    );
    expect(JSON.stringify(out)).not.toContain(secret);
    expect(out.restore!.log).toBe('level=error msg="bad [redacted]"\n');
    expect(out.checks![0].message).toBe('401 for [redacted]');
  });

  it('hides what follows the name of an env var that comes from a Secret, even when the Secret could not be read', () => {
    const out = redactSecrets(
      evidence(
        'DB_PASSWORD=never-seen-before\nexport API_TOKEN: "abc def"\nDB_PASSWORD_HINT=x\nUSER=shop\n',
      ),
      [],
      ['DB_PASSWORD', 'API_TOKEN'],
    );
    expect(out.podLogs[0].containers[0].log).toBe(
      'DB_PASSWORD=[redacted]\nexport API_TOKEN: [redacted]\nDB_PASSWORD_HINT=x\nUSER=shop\n',
    );
  });

  it('hides a value in base64, as Kubernetes stores it and apps print it', () => {
    const secret = 'S3cretPassw0rd\n';
    const encoded = Buffer.from(secret).toString('base64');
    const trimmed = Buffer.from(secret.trim())
      .toString('base64')
      .replace(/=+$/, '');
    const out = redactSecrets(
      evidence(`data: ${encoded}\nAuthorization: Basic ${trimmed}\n`),
      [secret],
    );
    expect(out.podLogs[0].containers[0].log).toBe(
      'data: [redacted]\nAuthorization: Basic [redacted]\n',
    );
  });

  it('hides the value of an env var from a Secret in JSON and quoted shapes', () => {
    const out = redactSecrets(
      evidence(
        [
          '{"DB_PASSWORD":"never-seen-before","PORT":5432}',
          `{'DB_PASSWORD': 'never-seen-before'}`,
          'msg="env {\\"DB_PASSWORD\\":\\"never-seen-before\\"}"',
          '{"DB_PASSWORD_HINT":"ok"}',
          '',
        ].join('\n'),
      ),
      [],
      ['DB_PASSWORD'],
    );
    expect(out.podLogs[0].containers[0].log).toBe(
      [
        '{"DB_PASSWORD":[redacted],"PORT":5432}',
        `{'DB_PASSWORD': [redacted]}`,
        'msg="env {\\"DB_PASSWORD\\":[redacted]}"',
        '{"DB_PASSWORD_HINT":"ok"}',
        '',
      ].join('\n'),
    );
  });
});
