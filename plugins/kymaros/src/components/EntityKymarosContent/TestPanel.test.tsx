import { screen, waitFor, within } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import userEvent from '@testing-library/user-event';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import {
  makeReport,
  mockKymarosApi,
  ordersHistory,
  ordersTest,
  passingReport,
  previousOrdersReport,
  runningTest,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosContent } from './EntityKymarosContent';
import { ordersEvidence } from '../Report/evidence/ordersEvidence';

// Full reports render several material-table tables: slow on a busy CI machine.
jest.setTimeout(20_000);

const newReport = makeReport('orders', 'orders-20240316-101502', {
  ...passingReport.status,
  score: 97,
  startedAt: '2024-03-16T10:15:02Z',
  completedAt: '2024-03-16T10:27:40Z',
});

/** ordersTest once its run producing newReport has ended. */
const completedTest: RestoreTestItem = {
  ...ordersTest,
  status: {
    ...ordersTest.status,
    phase: 'Completed',
    lastRunAt: newReport.status.startedAt,
    lastScore: 97,
    lastResult: 'pass',
    lastReportName: newReport.metadata.name,
  },
};

const score = (n: number) =>
  screen.findByRole('img', {
    name: `Restore confidence score ${n} out of 100`,
  });

/** Clicks "Run now" once the permission answer has enabled it. */
async function clickRunNow() {
  await waitFor(() =>
    expect(screen.getByRole('button', { name: /Run now/ })).toBeEnabled(),
  );
  await userEvent.click(screen.getByRole('button', { name: /Run now/ }));
}

describe('Run now', () => {
  it('starts a run, shows its progress while polling, then shows the new report', async () => {
    let current: RestoreTestItem = ordersTest;
    let finished = false;
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn(async () =>
        finished ? [newReport, ...ordersHistory] : ordersHistory,
      ),
      runTest: jest.fn(async () => {
        current = {
          ...runningTest,
          status: { ...runningTest.status, step: 'restore' },
        };
        return { testId: ordersTest.id, status: 'accepted' as const };
      }),
      getTest: jest.fn(async () => current),
    });
    await renderWithKymaros(<EntityKymarosContent pollIntervalMs={20} />, {
      api,
    });
    expect(await score(58)).toBeInTheDocument();

    await clickRunNow();
    expect(api.runTest).toHaveBeenCalledWith(ordersTest.id);
    expect(await screen.findByText(/Restoring the backup/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeDisabled();
    // the previous report stays on screen meanwhile
    expect(screen.getByRole('img', { name: /score 58/ })).toBeInTheDocument();

    current = { ...current, status: { ...current.status, step: 'checks' } };
    expect(
      await screen.findByText(/Running health checks/),
    ).toBeInTheDocument();

    finished = true;
    current = completedTest;
    expect(await score(97)).toBeInTheDocument();
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Run now/ })).toBeEnabled(),
    );
    expect(api.getReports).toHaveBeenCalledTimes(2);

    // polling stops once the report is in
    const polls = api.getTest.mock.calls.length;
    await new Promise(resolve => setTimeout(resolve, 100));
    expect(api.getTest.mock.calls.length).toBe(polls);
  });

  it('loads the reports again only when a run ends, when the tests came with them', async () => {
    let current: RestoreTestItem = runningTest;
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...runningTest, reports: ordersHistory }]),
      getReports: jest.fn().mockResolvedValue([newReport, ...ordersHistory]),
      getTest: jest.fn(async () => current),
    });
    await renderWithKymaros(<EntityKymarosContent pollIntervalMs={20} />, {
      api,
    });
    expect(await score(58)).toBeInTheDocument();
    expect(api.getReports).not.toHaveBeenCalled();

    current = completedTest;
    expect(await score(97)).toBeInTheDocument();
    expect(api.getReports).toHaveBeenCalledTimes(1);
  });

  it('keeps waiting while the run has not started, then follows it', async () => {
    let current: RestoreTestItem = ordersTest;
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
      runTest: jest
        .fn()
        .mockResolvedValue({ testId: ordersTest.id, status: 'accepted' }),
      getTest: jest.fn(async () => current),
    });
    await renderWithKymaros(<EntityKymarosContent pollIntervalMs={20} />, {
      api,
    });
    await clickRunNow();
    expect(
      await screen.findByText(/waiting for it to start/),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.getTest.mock.calls.length).toBeGreaterThan(1),
    );
    current = runningTest;
    expect(await screen.findByText(/Restoring the backup/)).toBeInTheDocument();
  });

  it('shows why a run could not be started', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
      runTest: jest.fn().mockRejectedValue(new Error('Forbidden')),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    await clickRunNow();
    expect(
      await screen.findByText('Could not start a run: Forbidden'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeEnabled();
  });

  it('says plainly when the backend refuses the run (403)', async () => {
    const response = {
      ok: false,
      status: 403,
      statusText: 'Forbidden',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message: `You may not use kymaros.restoretest.run on ${ordersTest.entityRef}`,
          },
          response: { statusCode: 403 },
        }),
    } as unknown as Response;
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
      runTest: jest
        .fn()
        .mockRejectedValue(await ResponseError.fromResponse(response)),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    await clickRunNow();
    expect(
      await screen.findByText(
        'Not allowed: you may not run the restore tests of component:default/orders. Ask its owners or a Backstage admin for kymaros.restoretest.run.',
      ),
    ).toBeInTheDocument();
  });

  it('follows a run that is already in progress when the tab opens', async () => {
    let current: RestoreTestItem = {
      ...runningTest,
      status: { ...runningTest.status, step: 'pods' },
    };
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([current]),
      getReports: jest.fn(async () =>
        current.status.phase === 'Running'
          ? ordersHistory
          : [newReport, ...ordersHistory],
      ),
      getTest: jest.fn(async () => current),
    });
    await renderWithKymaros(<EntityKymarosContent pollIntervalMs={20} />, {
      api,
    });
    expect(
      await screen.findByText(/Waiting for pods to become ready/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeDisabled();
    current = {
      ...ordersTest,
      status: { ...ordersTest.status, lastReportName: newReport.metadata.name },
    };
    expect(await score(97)).toBeInTheDocument();
  });
});

describe('Report picker', () => {
  const api = () =>
    mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
    });

  it('opens any kept report', async () => {
    await renderWithKymaros(<EntityKymarosContent />, { api: api() });
    expect(await score(58)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /^Report/ }));
    const options = await screen.findAllByRole('option');
    expect(options).toHaveLength(3);
    expect(options[0]).toHaveTextContent(/58 Fail ▼ regression \(latest\)/);
    await userEvent.click(options[1]);
    expect(await score(96)).toBeInTheDocument();
    expect(
      screen.queryByText('Regression since the previous run'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByText(
        new RegExp(`Report ${previousOrdersReport.metadata.name}`),
      ),
    ).toBeInTheDocument();
  });

  it('opens a report from the history chart and from the regression banner', async () => {
    await renderWithKymaros(<EntityKymarosContent />, { api: api() });
    await score(58);
    const chart = screen.getByRole('group', { name: 'Score and RTO history' });
    const runs = within(chart).getAllByRole('button');
    expect(runs).toHaveLength(3);
    expect(runs[2]).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(runs[0]);
    expect(await score(95)).toBeInTheDocument();

    await userEvent.click(runs[2]);
    await score(58);
    await userEvent.click(
      screen.getByRole('button', { name: 'Open previous report' }),
    );
    expect(await score(96)).toBeInTheDocument();
  });
});

describe('Definition notes', () => {
  it('shows the test namespace and what loading its files left out', async () => {
    const warned: RestoreTestItem = {
      ...ordersTest,
      namespace: 'kymaros-system',
      warnings: [
        'kymaros/orders.yaml document 1: skipped a Deployment (apps/v1): only RestoreTest and HealthCheckPolicy documents (restore.kymaros.io/v1alpha1) are read',
      ],
    };
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([warned]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(await score(58)).toBeInTheDocument();
    expect(
      screen.getByText(
        /Defined in \.\/kymaros\/orders\.yaml \(namespace kymaros-system\)/,
      ),
    ).toBeInTheDocument();
    const alert = screen.getByText('One part of the definition was left out')
      .parentElement!;
    expect(
      within(alert).getByText(/skipped a Deployment \(apps\/v1\)/),
    ).toBeInTheDocument();
  });

  it('shows no warning box for a definition loaded whole', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(await score(58)).toBeInTheDocument();
    expect(
      screen.queryByText(/of the definition (was|were) left out/),
    ).toBeNull();
  });
});

describe('Evidence', () => {
  it('shows what the run kept with the report: the failing pod, its termination reason, its log once opened', async () => {
    const getReportLogs = jest.fn().mockResolvedValue(ordersEvidence);
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
      getReportLogs,
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(await score(58)).toBeInTheDocument();
    expect(
      await screen.findByText('Last terminated: OOMKilled (exit code 137)'),
    ).toBeInTheDocument();
    const pod = document.getElementById(
      'kymaros-evidence-pod-kymaros-orders-x1-orders-postgres-0',
    )!;
    await userEvent.click(within(pod).getByText('orders-postgres-0'));
    expect(
      await within(pod).findByText(/terminated by signal 9: Killed/),
    ).toBeInTheDocument();
    expect(getReportLogs).toHaveBeenCalledWith(ordersHistory[0].metadata.name);
  });

  it('says plainly when the run kept nothing', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue(ordersHistory),
      getReportLogs: jest.fn().mockResolvedValue(undefined),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(await score(58)).toBeInTheDocument();
    expect(
      await screen.findByText(/This run kept no evidence/),
    ).toBeInTheDocument();
  });
});
