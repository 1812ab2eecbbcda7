import { reportNameCandidates, reportStamp } from './reportName';

const dnsSubdomain = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

describe('reportNameCandidates', () => {
  const startedAt = new Date('2024-03-15T03:00:12.900Z');

  it('starts with <test>-<yyyymmdd>-<hhmmss> of the run’s start in UTC, as Kymaros names reports', () => {
    expect(reportStamp(startedAt)).toBe('20240315-030012');
    expect(
      reportNameCandidates({
        testName: 'my-app-nightly',
        entityRef: 'component:default/my-app',
        startedAt,
        runId: 'r0c1d2e3f4',
      }),
    ).toEqual([
      'my-app-nightly-20240315-030012',
      'my-app-nightly-my-app-20240315-030012',
      'my-app-nightly-my-app-20240315-030012-2',
      'my-app-nightly-my-app-20240315-030012-3',
      'my-app-nightly-my-app-20240315-030012-r0c1d2e3f4',
    ]);
  });

  it('keeps every candidate a distinct object name of at most 253 characters ending in the stamp, the test part cut', () => {
    const long = 'n'.repeat(250);
    const names = reportNameCandidates({
      testName: long,
      entityRef: `component:default/${'e'.repeat(63)}`,
      startedAt,
      runId: 'r1',
    });
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      expect(name.length).toBeLessThanOrEqual(253);
      expect(name).toMatch(dnsSubdomain);
    }
    expect(names[0]).toBe(`${'n'.repeat(237)}-20240315-030012`);
    expect(names[1]).toMatch(/^n+-e{63}-20240315-030012$/);
    expect(names[4]).toMatch(/-e{63}-20240315-030012-r1$/);
  });

  it('makes an object name of any test and entity name', () => {
    const names = reportNameCandidates({
      testName: 'Nightly_Run.',
      entityRef: 'component:default/My_App',
      startedAt,
      runId: 'r_1',
    });
    expect(names[0]).toBe('nightly-run-20240315-030012');
    expect(names[1]).toBe('nightly-run-my-app-20240315-030012');
    names.forEach(name => expect(name).toMatch(dnsSubdomain));
  });
});
