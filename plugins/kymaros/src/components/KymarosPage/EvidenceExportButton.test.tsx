import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi, summaryPage } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { usePermission } from '@backstage/plugin-permission-react';
import { kymarosEvidenceReadPermission } from '@kymaros/plugin-kymaros-common';
import { EvidenceExportButton } from './EvidenceExportButton';
import { KymarosPage } from './KymarosPage';

// The hook caches decisions across tests by permission; each test sets its own.
jest.mock('@backstage/plugin-permission-react', () => ({
  ...jest.requireActual('@backstage/plugin-permission-react'),
  usePermission: jest.fn(),
}));
const permissionAnswer = usePermission as jest.MockedFunction<
  typeof usePermission
>;

// Material-UI tooltips and the test app are slow on a busy CI machine.
jest.setTimeout(20_000);

describe('EvidenceExportButton', () => {
  const createObjectURL = jest.fn(() => 'blob:evidence');
  const revokeObjectURL = jest.fn();
  let clicked: { href: string; download: string }[];

  beforeEach(() => {
    permissionAnswer.mockReturnValue({ loading: false, allowed: true });
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    clicked = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push({ href: this.href, download: this.download });
      });
  });
  afterEach(() => jest.restoreAllMocks());

  it("downloads the CSV of the overview's owner under the backend's file name", async () => {
    const blob = new Blob(['format\r\n']);
    const exportEvidence = jest.fn().mockResolvedValue({
      filename: 'kymaros-evidence-2026-12-06.csv',
      blob,
    });
    await renderWithKymaros(
      <EvidenceExportButton owner="group:default/team-orders" />,
      { api: mockKymarosApi({ exportEvidence }) },
    );
    const button = await screen.findByRole('button', {
      name: 'Export evidence (CSV)',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() => expect(clicked).toHaveLength(1));
    expect(exportEvidence).toHaveBeenCalledWith({
      owner: 'group:default/team-orders',
    });
    expect(createObjectURL).toHaveBeenCalledWith(blob);
    expect(clicked[0]).toEqual({
      href: 'blob:evidence',
      download: 'kymaros-evidence-2026-12-06.csv',
    });
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByText(
        'CSV of the runs of group:default/team-orders you may read, each record SHA-256 chained to the previous run of its test',
      ),
    ).toBeInTheDocument();
  });

  it('exports every run when the overview shows all owners', async () => {
    const exportEvidence = jest
      .fn()
      .mockResolvedValue({ filename: 'e.csv', blob: new Blob([]) });
    await renderWithKymaros(<EvidenceExportButton />, {
      api: mockKymarosApi({ exportEvidence }),
    });
    const button = await screen.findByRole('button', {
      name: 'Export evidence (CSV)',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() =>
      expect(exportEvidence).toHaveBeenCalledWith({ owner: undefined }),
    );
  });

  it('is disabled, saying why, without kymaros.evidence.read', async () => {
    permissionAnswer.mockReturnValue({ loading: false, allowed: false });
    const exportEvidence = jest.fn();
    await renderWithKymaros(<EvidenceExportButton />, {
      api: mockKymarosApi({ exportEvidence }),
    });
    expect(permissionAnswer).toHaveBeenCalledWith({
      permission: kymarosEvidenceReadPermission,
    });
    const button = await screen.findByRole('button', {
      name: 'Export evidence (CSV)',
    });
    expect(button).toBeDisabled();
    await userEvent.hover(button.parentElement!);
    expect(
      await screen.findByText(
        'You may not export audit evidence (permission kymaros.evidence.read)',
      ),
    ).toBeInTheDocument();
    expect(exportEvidence).not.toHaveBeenCalled();
  });

  it('stays disabled while the permission is being decided', async () => {
    permissionAnswer.mockReturnValue({ loading: true, allowed: false });
    await renderWithKymaros(<EvidenceExportButton />, {
      api: mockKymarosApi(),
    });
    expect(
      await screen.findByRole('button', { name: 'Export evidence (CSV)' }),
    ).toBeDisabled();
  });

  it('is enabled again after a failed export', async () => {
    const exportEvidence = jest.fn().mockRejectedValue(new Error('offline'));
    await renderWithKymaros(<EvidenceExportButton />, {
      api: mockKymarosApi({ exportEvidence }),
    });
    const button = await screen.findByRole('button', {
      name: 'Export evidence (CSV)',
    });
    await waitFor(() => expect(button).toBeEnabled());
    await userEvent.click(button);
    await waitFor(() => expect(exportEvidence).toHaveBeenCalled());
    await waitFor(() => expect(button).toBeEnabled());
    expect(clicked).toEqual([]);
  });

  it("sits in the overview's header and exports the owner the overview is filtered on", async () => {
    const exportEvidence = jest
      .fn()
      .mockResolvedValue({ filename: 'e.csv', blob: new Blob([]) });
    await renderWithKymaros(<KymarosPage />, {
      api: mockKymarosApi({
        exportEvidence,
        getSummary: jest.fn(async query => summaryPage(query)),
      }),
    });
    await screen.findByText('Restore tests, worst first');
    const filters = screen.getByRole('group', { name: 'Filters' });
    await userEvent.click(
      within(filters).getByRole('button', { name: 'Owner' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'team-data' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Export evidence (CSV)' }),
    );
    await waitFor(() =>
      expect(exportEvidence).toHaveBeenCalledWith({
        owner: 'group:default/team-data',
      }),
    );
  });
});
