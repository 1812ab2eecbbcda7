import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import {
  analyticsCoverage,
  mockKymarosApi,
  ordersCoverage,
  paymentsCoverage,
  searchCoverage,
  storefrontCoverage,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { BackupCoverageCard } from './BackupCoverageCard';

const render = (items: BackupCoverage[] | Error) =>
  renderWithKymaros(<BackupCoverageCard entityTabPath="kymaros" />, {
    api: mockKymarosApi({
      getBackupCoverage: jest.fn(async () => {
        // The test's TypeError is of another realm than the page's Error.
        if (!Array.isArray(items)) throw items;
        return items;
      }),
    }),
  });

const listed = () =>
  within(
    screen.getByRole('list', { name: 'Services whose backups need attention' }),
  ).getAllByRole('listitem');

describe('BackupCoverageCard', () => {
  it('lists the services not covered, worst first, each linking to its Restore tab', async () => {
    // Out of order on purpose: the card sorts them itself too.
    await render([
      paymentsCoverage,
      storefrontCoverage,
      analyticsCoverage,
      searchCoverage,
      ordersCoverage,
    ]);
    await screen.findByText(ordersCoverage.detail);
    const rows = listed();
    expect(rows.map(row => row.querySelector('a')?.textContent)).toEqual([
      'orders',
      'catalog-search (test search)',
      'analytics-pipeline (test analytics)',
      'storefront-web (test storefront)',
    ]);
    expect(within(rows[0]).getByTestId('coverage-no-schedule')).toBeVisible();
    expect(within(rows[3]).getByTestId('coverage-unknown')).toBeVisible();
    expect(within(rows[1]).getByText(searchCoverage.detail)).toBeVisible();
    expect(
      within(rows[0]).getByRole('link', { name: 'orders' }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/kymaros');
    expect(screen.queryByText('payments-api')).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'Of 5 restore tests: 1 no schedule · 1 failing · 1 stale · 1 unknown · 1 covered',
      ),
    ).toBeInTheDocument();
  });

  it('says all is clear when every test is covered', async () => {
    await render([paymentsCoverage]);
    expect(
      await screen.findByText(
        "Every restore test's namespaces are backed up on a schedule, within their RPO target.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Of 1 restore test: 1 covered'),
    ).toBeInTheDocument();
  });

  it('says when there is no restore test at all', async () => {
    await render([]);
    expect(
      await screen.findByText('No restore test yet, so no backups to check.'),
    ).toBeInTheDocument();
  });

  it('lists the first ten, then all on request', async () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      ...ordersCoverage,
      entityRef: `component:default/service-${i}`,
      testId: `component:default/service-${i}:service-${i}`,
      testName: `service-${i}`,
    }));
    await render(many);
    await screen.findByText('service-0');
    expect(listed()).toHaveLength(10);
    await userEvent.click(screen.getByRole('button', { name: 'Show all 12' }));
    expect(listed()).toHaveLength(12);
  });

  it('shows a failed read', async () => {
    await render(new TypeError('Failed to fetch'));
    expect(
      await screen.findByText('Error: Could not reach the Kymaros backend'),
    ).toBeInTheDocument();
  });
});
