import { parse } from 'yaml';
import { restoreReport } from '../store/__testUtils__/fixtures';
import { reportToYaml } from './reportYaml';

describe('reportToYaml', () => {
  it('writes what a YAML 1.1 reader such as kubectl’s reads back as the same strings, on unfolded lines', () => {
    const report = restoreReport('t', 'nightly-20240315-030012');
    report.status.startedAt = '2024-03-15T03:00:12Z';
    report.status.checks = [
      {
        name: 'on',
        status: 'pass',
        duration: '8s',
        message: `yes: ${'x'.repeat(200)}`,
      },
    ];
    const text = reportToYaml(report);
    expect(text).toContain('  startedAt: "2024-03-15T03:00:12Z"\n');
    expect(text).toContain('  - name: "on"\n');
    expect(text).toContain(`    message: "yes: ${'x'.repeat(200)}"\n`);
    expect(parse(text, { version: '1.1' })).toEqual(report);
  });

  it('carries the RPO beside the RTO, as kubectl would print it', () => {
    const report = restoreReport('t', 'nightly-20240315-030012', {
      rpo: {
        backupAge: '30h',
        backupAgeMs: 108_000_000,
        target: '24h',
        targetMs: 86_400_000,
        withinTarget: false,
      },
    });
    const text = reportToYaml(report);
    expect(text).toContain(
      '  rpo:\n    backupAge: 30h\n    backupAgeMs: 108000000\n    target: 24h\n    targetMs: 86400000\n    withinTarget: false\n',
    );
  });
});
