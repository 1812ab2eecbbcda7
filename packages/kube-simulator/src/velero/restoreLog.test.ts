import { restoreLogText } from './restoreLog';

describe('restoreLogText', () => {
  it("writes Velero's lines: each item attempted, then the results' warnings and errors", () => {
    const text = restoreLogText({
      restore: 'velero/r1',
      startedAt: '2026-01-01T00:00:00Z',
      finishedAt: '2026-01-01T00:00:05Z',
      resourceList: {
        'v1/ConfigMap': ['sb/settings(created)'],
        'v1/Secret': ['sb/creds(failed)'],
      },
      results: {
        errors: {
          namespaces: {
            sb: ['error restoring secret sb/creds: quota exceeded'],
          },
        },
        warnings: {
          cluster: ['could not restore, Namespace "sb" already exists'],
        },
      },
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'time="2026-01-01T00:00:00Z" level=info msg="starting restore" logSource="pkg/controller/restore_controller.go:510" restore=velero/r1',
    );
    expect(lines).toContain(
      'time="2026-01-01T00:00:00Z" level=info msg="Attempting to restore ConfigMap: settings" logSource="pkg/restore/restore.go:1497" namespace=sb restore=velero/r1',
    );
    expect(text).toContain(
      'level=warning msg="Cluster resource restore warning: could not restore, Namespace \\"sb\\" already exists"',
    );
    expect(text).toContain(
      'level=error msg="Namespace sb, resource restore error: error restoring secret sb/creds: quota exceeded"',
    );
    expect(lines[lines.length - 1]).toContain('msg="restore completed"');
  });
});
