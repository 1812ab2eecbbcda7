import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi, summary, summaryPage } from '../../__fixtures__';
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
  let getSummary: jest.Mock;
  const render = () => {
    getSummary = jest.fn(async query => summaryPage(query));
    return renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({ getSummary }),
    });
  };
  const lastQuery = () => getSummary.mock.calls.at(-1)[0];
  const expectNames = (names: string[]) =>
    waitFor(() => expect(entityNames()).toEqual(names), { timeout: 5000 });

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
    expect(within(orders).getByText('5h: over 4h target')).toBeInTheDocument();
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
    await expectNames([
      'analytics-pipeline',
      'legacy-reports',
      'catalog-search',
    ]);
    expect(lastQuery()).toMatchObject({ owner: 'group:default/team-data' });
    await choose('Result', 'Fail');
    await expectNames(['legacy-reports']);
    expect(lastQuery()).toMatchObject({
      owner: 'group:default/team-data',
      result: 'fail',
    });
    await choose('Owner', 'All owners');
    await expectNames(['legacy-reports', 'orders']);
    await choose('Result', 'Pass');
    await expectNames(['payments-api']);
    // The headline counts stay those of every test.
    expect(
      (await screen.findByText('Restore tests')).previousElementSibling
        ?.textContent,
    ).toBe('6');
  }, 60_000);

  it('searches on the server', async () => {
    await render();
    await screen.findByText('Restore tests, worst first');
    fireEvent.change(screen.getByRole('textbox', { name: 'Search entities' }), {
      target: { value: 'ORDERS' },
    });
    await expectNames(['orders']);
    expect(lastQuery()).toMatchObject({ search: 'ORDERS', offset: 0 });
  }, 60_000);

  it('asks the server for the next page', async () => {
    getSummary = jest.fn(async query => ({
      ...summaryPage(query),
      totalItems: 45,
    }));
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({ getSummary }),
    });
    await screen.findByText('1-20 of 45');
    expect(lastQuery()).toMatchObject({ limit: 20, offset: 0 });
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('21-40 of 45');
    expect(lastQuery()).toMatchObject({ limit: 20, offset: 20 });
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

  it('says how many coverage gaps there are beyond those listed', async () => {
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        getSummary: jest
          .fn()
          .mockResolvedValue({ ...summary, notOptedInTotal: 250 }),
      }),
    });
    expect(
      await screen.findByText(
        '250 production components without a restore test; the first 1:',
      ),
    ).toBeInTheDocument();
    expect(
      (await screen.findByText('Production components not covered'))
        .previousElementSibling?.textContent,
    ).toBe('250');
  });

  it('shows the headline counts', async () => {
    await render();
    const tile = async (label: string) =>
      // The first: the tiles come before the table, whose chips share some labels.
      (await screen.findAllByText(label))[0].previousElementSibling
        ?.textContent;
    expect(await tile('Restore tests')).toBe('6');
    expect(await tile('Passing')).toBe('1');
    expect(await tile('Failing')).toBe('2');
    // No verdict, three ways, never counted together.
    expect(await tile('Could not be evaluated')).toBe('0');
    expect(await tile('Invalid definition')).toBe('1');
    expect(await tile('Not run yet')).toBe('1');
  });

  it('says so when every production component is covered', async () => {
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        getSummary: jest.fn().mockResolvedValue({
          ...summary,
          notOptedIn: [],
          notOptedInTotal: 0,
        }),
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
