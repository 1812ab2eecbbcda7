import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { failingReport, passingReport } from '../../__fixtures__';
import { historyGeometry } from './historyGeometry';

function withRto(
  report: RestoreReport,
  rto: Partial<RestoreReport['status']['rto']>,
): RestoreReport {
  return {
    ...report,
    status: { ...report.status, rto: { ...report.status.rto, ...rto } },
  };
}

describe('historyGeometry', () => {
  it('reads RTO and target in seconds from the millisecond fields', () => {
    const geometry = historyGeometry([
      withRto(passingReport, { measuredMs: 61_500, targetMs: 120_000 }),
    ]);
    expect(geometry.rtos).toEqual([61.5]);
    expect(geometry.targets).toEqual([120]);
  });

  it('parses the strings of reports stored before those fields existed', () => {
    const geometry = historyGeometry([passingReport, failingReport]);
    expect(geometry.rtos).toEqual([695, 1105]);
    expect(geometry.targets).toEqual([1800, 900]);
  });

  it('leaves a missing target out of the target line', () => {
    const geometry = historyGeometry([
      withRto(passingReport, { target: undefined }),
    ]);
    expect(geometry.targets).toEqual([undefined]);
    expect(geometry.targetPath).toBe('');
    expect(geometry.newestTarget).toBeUndefined();
  });

  it('draws the target as a step across each run, so one run has one too', () => {
    const one = historyGeometry([
      withRto(passingReport, { targetMs: 600_000 }),
    ]);
    expect(one.targetPath).toBe(
      `M ${one.x(0) - one.band / 2} ${one.yRto(600)} H ${
        one.x(0) + one.band / 2
      }`,
    );
    expect(one.newestTarget).toBe(600);
  });
});
