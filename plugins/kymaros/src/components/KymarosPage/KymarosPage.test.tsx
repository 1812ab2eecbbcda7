import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi, summary } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { KymarosPage } from './KymarosPage';

// Full reports render several material-table tables: slow on a busy CI machine.
jest.setTimeout(20_000);

const tableRows = () => {
  const table = screen
    .getByText('Restore tests, worst first')
    .closest('div[class*="MuiPaper"]') as HTMLElement;
  return within(table)
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 1);
};
const entityNames = () =>
  tableRows().map(row => within(row).getAllByRole('cell')[0].textContent);

async function choose(filter: 'Owner' | 'Result', option: string) {
  const filters = screen.getByRole('group', { name: 'Filters' });
  await userEvent.click(within(filters).getByRole('button', { name: filter }));
  await userEvent.click(await screen.findByRole('option', { name: option }));
}

describe('KymarosPage', () => {
  const render = () =>
    renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({ getSummary: jest.fn().mockResolvedValue(summary) }),
    });

  it('lists every opted-in entity worst first', async () => {
    await render();
    expect(
      await screen.findByText('Restore tests, worst first'),
    ).toBeInTheDocument();
    expect(entityNames()).toEqual([
      'analytics-pipeline',
      'legacy-reports',
      'orders',
      'storefront',
      'catalog-search',
      'payments-api',
    ]);
    const orders = tableRows()[2];
    expect(within(orders).getByText('team-orders')).toBeInTheDocument();
    expect(within(orders).getByText('58')).toBeInTheDocument();
    expect(within(orders).getByTestId('result-fail')).toBeInTheDocument();
    expect(within(orders).getByText('Over target')).toBeInTheDocument();
    expect(within(orders).getByText('5h')).toBeInTheDocument();
    expect(
      within(orders).getByRole('img', { name: 'Score trend: 95, 96, 58' }),
    ).toBeInTheDocument();
    expect(
      within(orders).getByRole('link', {
        name: 'Restore details of component:default/orders',
      }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/kymaros');

    expect(
      within(tableRows()[0]).getByTestId('result-invalid'),
    ).toBeInTheDocument();
    expect(within(tableRows()[3]).getByText('running')).toBeInTheDocument();
    expect(within(tableRows()[3]).getByText('Never')).toBeInTheDocument();
  });

  it('filters by owner and by result', async () => {
    await render();
    await screen.findByText('Restore tests, worst first');
    await choose('Owner', 'team-data');
    expect(entityNames()).toEqual([
      'analytics-pipeline',
      'legacy-reports',
      'catalog-search',
    ]);
    await choose('Result', 'Fail');
    expect(entityNames()).toEqual(['legacy-reports']);
    await choose('Owner', 'All owners');
    expect(entityNames()).toEqual(['legacy-reports', 'orders']);
    await choose('Result', 'Pass');
    expect(entityNames()).toEqual(['payments-api']);
  });

  it('lists production components that are not opted in', async () => {
    await render();
    const gaps = await screen.findByRole('list', {
      name: 'Production components without a restore test',
    });
    expect(within(gaps).getByText('billing-worker')).toBeInTheDocument();
    expect(within(gaps).getByText('team-payments')).toBeInTheDocument();
    expect(
      screen.getByText('1 production component without a restore test'),
    ).toBeInTheDocument();
  });

  it('shows the headline counts', async () => {
    await render();
    const tile = async (label: string) =>
      (await screen.findByText(label)).previousElementSibling?.textContent;
    expect(await tile('Restore tests')).toBe('6');
    expect(await tile('Passing')).toBe('1');
    expect(await tile('Failing')).toBe('2');
    expect(await tile('Error, invalid or not run')).toBe('2');
  });

  it('says so when every production component is covered', async () => {
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        getSummary: jest.fn().mockResolvedValue({ ...summary, notOptedIn: [] }),
      }),
    });
    expect(
      await screen.findByText('Every production component has a restore test.'),
    ).toBeInTheDocument();
  });

  it('says when the backend cannot be reached', async () => {
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        getSummary: jest
          .fn()
          .mockRejectedValue(new TypeError('Failed to fetch')),
      }),
    });
    expect(
      await screen.findByText('Error: Could not reach the Kymaros backend'),
    ).toBeInTheDocument();
  });
});
