import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import {
  backendError,
  mockKymarosApi,
  ordersCoverage,
  paymentsCoverage,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { TestBackupsCard } from './TestBackupsCard';

jest.setTimeout(20_000);

const created = {
  provider: 'velero',
  cluster: 'production',
  backup: 'kymaros-payments-api-20261206105000',
  namespaces: ['payments'],
  phase: 'New',
};

async function backUpNow() {
  const button = await screen.findByRole('button', { name: /Back up now/ });
  await userEvent.click(button);
  return screen.findByRole('dialog');
}

const confirm = async (dialog: HTMLElement) =>
  userEvent.click(within(dialog).getByRole('button', { name: 'Back up now' }));

describe('Back up now', () => {
  const render = (
    api: ReturnType<typeof mockKymarosApi>,
    coverage: BackupCoverage = paymentsCoverage,
    onBackupCreated?: () => void,
  ) =>
    renderWithKymaros(
      <TestBackupsCard coverage={coverage} onBackupCreated={onBackupCreated} />,
      { api },
    );

  it('names the namespaces, provider and cluster before asking, then says which backup it created', async () => {
    const createBackup = jest.fn().mockResolvedValue(created);
    const onBackupCreated = jest.fn();
    await render(
      mockKymarosApi({ createBackup }),
      paymentsCoverage,
      onBackupCreated,
    );
    const dialog = await backUpNow();
    expect(dialog).toHaveTextContent(
      'This creates a Velero backup of namespace payments (cluster production) now, outside any schedule.',
    );
    expect(createBackup).not.toHaveBeenCalled();
    await confirm(dialog);
    expect(createBackup).toHaveBeenCalledWith(paymentsCoverage.testId);
    const notice = await screen.findByText(/was created in cluster production/);
    expect(notice).toHaveTextContent(
      'Velero backup kymaros-payments-api-20261206105000 of namespace payments was created in cluster production (phase New); Velero is taking it now.',
    );
    expect(onBackupCreated).toHaveBeenCalledTimes(1);
  });

  it('asks for nothing when cancelled', async () => {
    const createBackup = jest.fn().mockResolvedValue(created);
    await render(mockKymarosApi({ createBackup }));
    const dialog = await backUpNow();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(createBackup).not.toHaveBeenCalled();
  });

  it('lists every namespace of a test with several', async () => {
    await render(mockKymarosApi(), ordersCoverage);
    expect(await backUpNow()).toHaveTextContent(
      'a Velero backup of namespaces orders and orders-archive (cluster production)',
    );
  });

  it.each([
    [
      409,
      'ConflictError',
      'Backup kymaros-payments-api-20261206104500 that the portal started for payments-api is still running',
      'Backup kymaros-payments-api-20261206104500 that the portal started for payments-api is still running. Wait for that backup to finish before asking for another.',
    ],
    [
      501,
      'NotImplementedError',
      'Kasten K10 cannot take a backup on demand from the portal',
      "Kasten K10 cannot take a backup on demand from the portal. Take this backup with Kasten K10's own tools.",
    ],
    [
      403,
      'NotAllowedError',
      'You may not use kymaros.backup.create',
      'Not allowed: you may not back up the namespaces of component:default/payments-api. Ask its owners or a Backstage admin for kymaros.backup.create.',
    ],
    [
      500,
      'Error',
      'the cluster production did not answer',
      'Velero did not take the backup: the cluster production did not answer.',
    ],
  ])(
    'says in plain words why a %s refused it',
    async (status, name, message, said) => {
      const createBackup = jest
        .fn()
        .mockRejectedValue(await backendError(status, name, message));
      const onBackupCreated = jest.fn();
      // A provider that cannot take one may still be offered it by a page read before a change.
      const provider = status === 501 ? 'kasten' : 'velero';
      await render(
        mockKymarosApi({ createBackup }),
        { ...paymentsCoverage, provider },
        onBackupCreated,
      );
      await confirm(await backUpNow());
      expect(await screen.findByText(said)).toBeInTheDocument();
      expect(onBackupCreated).not.toHaveBeenCalled();
    },
  );

  it('says when the backend could not be reached', async () => {
    const createBackup = jest
      .fn()
      .mockRejectedValue(new TypeError('Failed to fetch'));
    await render(mockKymarosApi({ createBackup }));
    await confirm(await backUpNow());
    expect(
      await screen.findByText('Could not ask for a backup: Failed to fetch'),
    ).toBeInTheDocument();
  });
});
