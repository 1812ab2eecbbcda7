import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockKymarosApi } from '../../../__fixtures__';
import { renderWithKymaros } from '../../../__testUtils__/render';
import { EvidenceCard } from '../EvidenceCard';
import { ordersEvidence } from './ordersEvidence';

async function renderCard(evidence = ordersEvidence) {
  const getReportLogs = jest.fn().mockResolvedValue(evidence);
  await renderWithKymaros(<EvidenceCard reportName="orders-1" />, {
    api: mockKymarosApi({ getReportLogs }),
  });
  await screen.findByRole('button', { name: 'Download evidence' });
  return getReportLogs;
}

const podPanel = (name: string) =>
  document.getElementById(`kymaros-evidence-pod-kymaros-orders-x1-${name}`)!;

describe('EvidenceCard', () => {
  afterEach(() => {
    window.location.hash = '';
  });

  it('shows the failing pod first, folded, with why it failed and its termination reason in view', async () => {
    const getReportLogs = await renderCard();
    expect(getReportLogs).toHaveBeenCalledWith('orders-1');
    expect(document.getElementById('kymaros-evidence')).not.toBeNull();
    const db = podPanel('orders-postgres-0');
    const api = podPanel('orders-api-7d9f');
    // Failing pods come before the ones that were fine.
    expect(
      db.compareDocumentPosition(api) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(within(db).getByText('CrashLoopBackOff — OOMKilled')).toBeVisible();
    expect(
      within(db).getByText('Last terminated: OOMKilled (exit code 137)'),
    ).toBeVisible();
    expect(within(db).getByText(/restarts: 8/)).toBeVisible();
    // Folded: the log is not shown until asked.
    expect(screen.queryByText(/terminated by signal 9/)).toBeNull();
  });

  it('opens a pod on its log tail, container states and its own events', async () => {
    await renderCard();
    await userEvent.click(
      within(podPanel('orders-postgres-0')).getByText('orders-postgres-0'),
    );
    const db = podPanel('orders-postgres-0');
    expect(
      await within(db).findByText(/terminated by signal 9: Killed/),
    ).toBeVisible();
    expect(
      within(db).getByText(/postgres \(previous instance\)/),
    ).toBeVisible();
    expect(
      within(db).getByText(
        /Warning BackOff Pod\/orders-postgres-0 \(×7\): Back-off restarting/,
      ),
    ).toBeVisible();
    expect(within(db).queryByText(/Scheduled/)).toBeNull();
    expect(
      within(db).getByRole('list', {
        name: 'Containers of orders-postgres-0',
      }),
    ).toHaveTextContent('OOMKilled (exit code 137)');
    expect(
      within(db).getByText(/Ready=False \(ContainersNotReady\)/),
    ).toBeVisible();
  });

  it('links each failed check to the pods it targets, and shows the restore warnings', async () => {
    await renderCard();
    expect(
      screen.getByText('postgres-pod-ready (podStatus): 0/1 pods ready'),
    ).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'orders-postgres-0' }),
    ).toHaveAttribute(
      'href',
      '#kymaros-evidence-pod-kymaros-orders-x1-orders-postgres-0',
    );
    expect(
      screen.getByText(
        /velero restore kymaros-r1: 0 error\(s\), 1 warning\(s\)/,
      ),
    ).toBeVisible();
    expect(screen.getByText(/ConfigMap "x" already exists/)).toBeVisible();
    expect(screen.queryByText(/restore completed/)).toBeNull();
    await userEvent.click(screen.getByText('Restore log'));
    expect(await screen.findByText(/restore completed/)).toBeVisible();
  });

  it('opens the pod the address points at', async () => {
    window.location.hash =
      '#kymaros-evidence-pod-kymaros-orders-x1-orders-postgres-0';
    await renderCard();
    expect(
      await within(podPanel('orders-postgres-0')).findByText(
        /terminated by signal 9/,
      ),
    ).toBeVisible();
  });

  it('downloads the whole evidence as a JSON file', async () => {
    await renderCard();
    let saved: Blob | undefined;
    const createObjectURL = jest.fn((blob: Blob) => {
      saved = blob;
      return 'blob:evidence';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function checkLink(this: HTMLAnchorElement) {
        expect(this.download).toBe('orders-1-evidence.json');
        expect(this.href).toBe('blob:evidence');
      });
    await userEvent.click(
      screen.getByRole('button', { name: 'Download evidence' }),
    );
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(saved!.type).toBe('application/json');
    expect(JSON.parse(await saved!.text())).toEqual(ordersEvidence);
    clicked.mockRestore();
  });

  it('says plainly when the run kept nothing', async () => {
    await renderWithKymaros(<EvidenceCard reportName="orders-1" />, {
      api: mockKymarosApi({
        getReportLogs: jest.fn().mockResolvedValue(undefined),
      }),
    });
    expect(
      await screen.findByText(/This run kept no evidence/),
    ).toBeInTheDocument();
  });
});
