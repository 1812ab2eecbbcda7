import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi, summaryPage } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { KymarosPage } from './KymarosPage';

jest.setTimeout(20_000);

const rowOf = (name: string) =>
  screen.getByRole('link', { name }).closest('tr') as HTMLElement;

describe('KymarosPage RPO', () => {
  it('shows each backup age against its RPO target, a breach in red', async () => {
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        getSummary: jest.fn(async query => summaryPage(query)),
      }),
    });
    await screen.findByText('Restore tests, worst first');
    expect(screen.getByText('Backup age (RPO)')).toBeInTheDocument();
    const orders = within(rowOf('orders')).getByText('5h: over 4h target');
    expect(orders.closest('[aria-label="Status error"]')).not.toBeNull();
    expect(
      within(rowOf('payments-api')).getByText('4h (target 1d)'),
    ).toBeInTheDocument();
    // Without a target the age stands alone.
    expect(
      within(rowOf('catalog-search')).getByText('3h 15m'),
    ).toBeInTheDocument();
  });

  it('filters the tests whose backup was older than its RPO target, with their count', async () => {
    const getSummary = jest.fn(async query => summaryPage(query));
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({ getSummary }),
    });
    await screen.findByText('Restore tests, worst first');
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'RPO breached (1)' }),
    );
    await waitFor(() =>
      expect(getSummary).toHaveBeenLastCalledWith(
        expect.objectContaining({ rpo: 'breached', offset: 0 }),
      ),
    );
    await waitFor(() =>
      expect(screen.queryByRole('link', { name: 'payments-api' })).toBeNull(),
    );
    expect(rowOf('orders')).toBeInTheDocument();
  });
});
