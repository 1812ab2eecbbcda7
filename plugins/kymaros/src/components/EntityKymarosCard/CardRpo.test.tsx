import { screen } from '@testing-library/react';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import {
  failingReport,
  mockKymarosApi,
  ordersTest,
  passingReport,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosCard } from './EntityKymarosCard';

const HOUR = 3_600_000;
const withRpo = (
  report: RestoreReport,
  rpo: RestoreReport['status']['rpo'],
): RestoreReport => ({ ...report, status: { ...report.status, rpo } });

const render = (report: RestoreReport) =>
  renderWithKymaros(<EntityKymarosCard />, {
    api: mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(report),
    }),
  });

describe('EntityKymarosCard RPO', () => {
  it('flags a backup older than the target the run had, in red', async () => {
    await render(
      withRpo(failingReport, {
        backupAge: '5h8s',
        backupAgeMs: 5 * HOUR,
        target: '4h',
        targetMs: 4 * HOUR,
        withinTarget: false,
      }),
    );
    const mark = await screen.findByText('older than the 4h RPO target');
    expect(mark.closest('[aria-label="Status error"]')).not.toBeNull();
  });

  it('marks a backup within its target green beside a pass only', async () => {
    await render(passingReport);
    const mark = await screen.findByText('within the 1d RPO target');
    expect(mark.closest('[aria-label="Status ok"]')).not.toBeNull();
  });
});
