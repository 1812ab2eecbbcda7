import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockKymarosApi,
  ordersArchiveTest,
  ordersCoverage,
  ordersTest,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityBackupCoverage } from './EntityBackupCoverage';

jest.setTimeout(20_000);

describe('EntityBackupCoverage', () => {
  it("reads the coverage of the test's entity and shows the test's own", async () => {
    const getBackupCoverage = jest.fn().mockResolvedValue([
      {
        ...ordersCoverage,
        testId: ordersArchiveTest.id,
        detail: 'not this one',
      },
      ordersCoverage,
    ]);
    await renderWithKymaros(<EntityBackupCoverage test={ordersTest} />, {
      api: mockKymarosApi({ getBackupCoverage }),
    });
    expect(await screen.findByText(ordersCoverage.detail)).toBeInTheDocument();
    expect(screen.queryByText('not this one')).not.toBeInTheDocument();
    expect(getBackupCoverage).toHaveBeenCalledWith({
      entityRef: 'component:default/orders',
    });
  });

  it('says when the backend has no coverage for the test', async () => {
    await renderWithKymaros(<EntityBackupCoverage test={ordersTest} />, {
      api: mockKymarosApi({
        getBackupCoverage: jest.fn().mockResolvedValue([]),
      }),
    });
    expect(
      await screen.findByText(
        'The backend reports no backup coverage for restore test orders yet.',
      ),
    ).toBeInTheDocument();
  });

  it('shows a failed read with a retry', async () => {
    const getBackupCoverage = jest
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue([ordersCoverage]);
    await renderWithKymaros(<EntityBackupCoverage test={ordersTest} />, {
      api: mockKymarosApi({ getBackupCoverage }),
    });
    expect(
      await screen.findByText('Error: Could not reach the Kymaros backend'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText(ordersCoverage.detail)).toBeInTheDocument();
  });

  it('reads the coverage again after a backup was created, keeping the notice', async () => {
    const getBackupCoverage = jest.fn().mockResolvedValue([ordersCoverage]);
    const createBackup = jest.fn().mockResolvedValue({
      provider: 'velero',
      cluster: 'production',
      backup: 'kymaros-orders-20261206105000',
      namespaces: ['orders', 'orders-archive'],
      phase: '',
    });
    await renderWithKymaros(<EntityBackupCoverage test={ordersTest} />, {
      api: mockKymarosApi({ getBackupCoverage, createBackup }),
    });
    await userEvent.click(
      await screen.findByRole('button', { name: /Back up now/ }),
    );
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Back up now',
      }),
    );
    const notice = await screen.findByText(/was created in cluster production/);
    expect(notice).toHaveTextContent(
      'Velero backup kymaros-orders-20261206105000 of namespaces orders and orders-archive was created in cluster production; Velero is taking it now.',
    );
    await waitFor(() => expect(getBackupCoverage).toHaveBeenCalledTimes(2));
    // The reload keeps the card, and so the notice, on screen.
    expect(
      screen.getByText(/was created in cluster production/),
    ).toBeInTheDocument();
  });
});
