import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import {
  analyticsCoverage,
  mockKymarosApi,
  ordersCoverage,
  ordersSchedule,
  paymentsCoverage,
  searchCoverage,
  storefrontCoverage,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { formatDateTime } from '../../lib/time';
import { TestBackupsCard } from './TestBackupsCard';

// material-table renders slowly on a loaded 2-core machine.
jest.setTimeout(20_000);

const render = (coverage: BackupCoverage) =>
  renderWithKymaros(<TestBackupsCard coverage={coverage} />, {
    api: mockKymarosApi(),
  });

const scheduleRow = (name: string) =>
  screen.getByText(name).closest('tr') as HTMLElement;

describe('TestBackupsCard', () => {
  it.each([
    ['Covered', paymentsCoverage],
    ['No schedule', ordersCoverage],
    ['Failing', searchCoverage],
    ['Stale', analyticsCoverage],
    ['Unknown', storefrontCoverage],
  ])('shows %s as a chip with its sentence', async (label, coverage) => {
    await render(coverage);
    const chip = screen.getByTestId(`coverage-${coverage.status}`);
    expect(chip).toHaveTextContent(label);
    expect(screen.getByText(coverage.detail)).toBeInTheDocument();
  });

  it('lists each schedule: where it is, cron, retention, namespaces, last success and failure with ages', async () => {
    await render(ordersCoverage);
    const row = scheduleRow('velero/orders-nightly');
    expect(within(row).getByText('Velero Schedule')).toBeInTheDocument();
    expect(within(row).getByText('0 2 * * *')).toBeInTheDocument();
    expect(within(row).getByText('ttl 720h')).toBeInTheDocument();
    expect(within(row).getByText('orders')).toBeInTheDocument();
    expect(within(row).getByText('3 hours ago')).toBeInTheDocument();
    expect(
      within(row).getByText('orders-nightly-20261205020000'),
    ).toBeInTheDocument();
    expect(within(row).getByText('yesterday')).toBeInTheDocument();
    expect(
      within(row).getByText(
        'orders-nightly-20261204020000: BackupStorageLocation default is unavailable',
      ),
    ).toBeInTheDocument();
    expect(within(row).getByText('Active')).toBeInTheDocument();
  });

  it('gives the moment of a backup on hover', async () => {
    await render(ordersCoverage);
    await userEvent.hover(screen.getByText('3 hours ago'));
    expect(
      await screen.findByText(formatDateTime(ordersSchedule.lastSuccess!.at)),
    ).toBeInTheDocument();
  });

  it('calls out the namespaces no schedule covers', async () => {
    await render(ordersCoverage);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(
      'No backup schedule covers namespace orders-archive: a restore could only bring back an old backup of it, or none.',
    );
  });

  it('says a schedule is paused or broken, and when it has no backup yet', async () => {
    await render({
      ...searchCoverage,
      schedules: [
        ...searchCoverage.schedules,
        {
          ...searchCoverage.schedules[0],
          name: 'search-broken',
          paused: false,
          cron: '0 25 * * *',
          problem: 'invalid schedule: hour 25 is out of range',
        },
      ],
    });
    const paused = scheduleRow('velero/search-hourly');
    expect(within(paused).getByText('Paused')).toBeInTheDocument();
    expect(within(paused).getByText('None yet')).toBeInTheDocument();
    expect(within(paused).getByText('—')).toBeInTheDocument();
    const broken = scheduleRow('velero/search-broken');
    expect(
      within(broken).getByText('invalid schedule: hour 25 is out of range'),
    ).toBeInTheDocument();
    expect(within(broken).queryByText('Paused')).not.toBeInTheDocument();
  });

  it('shows no schedule table when there is no schedule: the call-out says which namespaces', async () => {
    const { unmount } = await render({
      ...ordersCoverage,
      schedules: [],
      uncovered: ordersCoverage.namespaces,
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'No backup schedule covers namespaces orders and orders-archive',
    );
    expect(screen.queryByText('Schedules')).not.toBeInTheDocument();
    unmount();
    await render(storefrontCoverage);
    expect(screen.queryByText('Schedules')).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(
      screen.getByText(/KubeStash in cluster production/),
    ).toBeInTheDocument();
  });

  it('offers "Back up now" only where the provider can take one', async () => {
    const { unmount } = await render(paymentsCoverage);
    expect(
      await screen.findByRole('button', { name: /Back up now/ }),
    ).toBeInTheDocument();
    unmount();
    await render(analyticsCoverage);
    expect(
      screen.queryByRole('button', { name: /Back up now/ }),
    ).not.toBeInTheDocument();
  });
});
