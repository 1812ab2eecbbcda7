import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { errorReport, failingReport } from '../../__fixtures__';
import { BackupCard } from './BackupCard';

jest.mock('../../lib/viewerTimeZone', () => ({
  viewerTimeZone: () => 'UTC',
}));

const HOUR = 3_600_000;
const withRpo = (rpo: RestoreReportStatus['rpo']): RestoreReportStatus => ({
  ...failingReport.status,
  rpo,
});

describe('BackupCard', () => {
  it('shows the backup age against the target the run had, within it', async () => {
    await renderInTestApp(
      <BackupCard
        status={withRpo({
          backupAge: '5h8s',
          backupAgeMs: 5 * HOUR + 8000,
          target: '24h',
          targetMs: 24 * HOUR,
          withinTarget: true,
        })}
        maxRpo="1h"
      />,
    );
    expect(screen.getByTestId('rpo')).toHaveTextContent(
      '5h old at restore, of 1d target',
    );
    expect(screen.getByText('Within the 1d RPO target')).toBeInTheDocument();
    expect(screen.getByText('15 Mar 2024, 22:00 UTC')).toBeInTheDocument();
  });

  it('flags a backup older than its target, by how much', async () => {
    await renderInTestApp(
      <BackupCard
        status={withRpo({
          backupAge: '5h8s',
          backupAgeMs: 5 * HOUR + 8000,
          target: '4h',
          targetMs: 4 * HOUR,
          withinTarget: false,
        })}
      />,
    );
    expect(
      screen.getByText('Older than the 4h RPO target by 1h'),
    ).toBeInTheDocument();
  });

  it('says where to set a target when the run had none', async () => {
    await renderInTestApp(
      <BackupCard
        status={withRpo({
          backupAge: '5h8s',
          backupAgeMs: 5 * HOUR + 8000,
          withinTarget: true,
        })}
      />,
    );
    expect(
      screen.getByText(
        "No RPO target set (kymaros.io/max-rpo, the test's sla.maxRPO or kymaros.maxRPO).",
      ),
    ).toBeInTheDocument();
  });

  it("judges a report stored before it carried its RPO against the test's target", async () => {
    await renderInTestApp(
      <BackupCard status={failingReport.status} maxRpo="4h" />,
    );
    expect(
      screen.getByText('Older than the 4h RPO target by 1h'),
    ).toBeInTheDocument();
  });

  it('says so when no backup was restored', async () => {
    await renderInTestApp(<BackupCard status={errorReport.status} />);
    expect(
      screen.getByText('No backup was restored in this run.'),
    ).toBeInTheDocument();
  });
});
