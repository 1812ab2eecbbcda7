import { act, screen, waitFor, within } from '@testing-library/react';
import type {
  RestoreTestItem,
  SummaryResponse,
} from '@kymaros/plugin-kymaros-common';
import {
  makeReport,
  mockKymarosApi,
  ordersHistory,
  ordersTest,
  passingReport,
  summaryPage,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { mockSignalApi } from '../../__testUtils__/signals';
import { EntityKymarosContent } from '../EntityKymarosContent';
import { EntityKymarosCard } from '../EntityKymarosCard';
import { KymarosPage } from '../KymarosPage';

// Full reports render several material-table tables: slow on a busy CI machine.
jest.setTimeout(60_000);

/** Signals are coalesced to one reload a second: allow for it. */
const LIVE = { timeout: 4_000 };

const newReport = makeReport('orders', 'orders-20240316-101502', {
  ...passingReport.status,
  score: 97,
  startedAt: '2024-03-16T10:15:02Z',
  completedAt: '2024-03-16T10:27:40Z',
});

const running = (step: string): RestoreTestItem => ({
  ...ordersTest,
  status: {
    ...ordersTest.status,
    phase: 'Running',
    step,
    runStartedAt: '2024-03-16T10:15:02Z',
  },
});

const finished: RestoreTestItem = {
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

const score = (n: number, options = LIVE) =>
  screen.findByRole(
    'img',
    { name: `Restore confidence score ${n} out of 100` },
    options,
  );

describe('the Restore tab, live', () => {
  it('follows a run started elsewhere: start, each step, the end with a "Run finished" notice and the new report', async () => {
    const signals = mockSignalApi();
    let current: RestoreTestItem = ordersTest;
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...ordersTest, reports: ordersHistory }]),
      getTest: jest.fn(async () => current),
      getReports: jest.fn(async () => [newReport, ...ordersHistory]),
    });
    await renderWithKymaros(<EntityKymarosContent />, {
      api,
      signals: signals.api,
    });
    expect(await score(58)).toBeInTheDocument();
    expect(api.getTest).not.toHaveBeenCalled();

    current = running('restore');
    signals.send('started');
    expect(
      await screen.findByText(/Restoring the backup/, {}, LIVE),
    ).toBeInTheDocument();

    current = running('checks');
    signals.send('step');
    expect(
      await screen.findByText(/Running health checks/, {}, LIVE),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Run finished/)).not.toBeInTheDocument();

    current = finished;
    signals.send('finished');
    expect(await score(97)).toBeInTheDocument();
    const notice = await screen.findByText(/Run finished/);
    expect(notice).toHaveTextContent(/Pass, score 97\/100/);
    expect(api.getReports).toHaveBeenCalledTimes(1);

    // Dismissed, it stays away until the next run ends.
    act(() =>
      within(notice.closest('[role="alert"]') as HTMLElement)
        .getByRole('button', { name: /close/i })
        .click(),
    );
    expect(screen.queryByText(/Run finished/)).not.toBeInTheDocument();
  });

  it('says a run that could not judge the backup finished without a score', async () => {
    const signals = mockSignalApi();
    let current: RestoreTestItem = ordersTest;
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...ordersTest, reports: ordersHistory }]),
      getTest: jest.fn(async () => current),
      getReports: jest.fn(async () => ordersHistory),
    });
    await renderWithKymaros(<EntityKymarosContent />, {
      api,
      signals: signals.api,
    });
    await score(58);
    current = {
      ...finished,
      status: {
        ...finished.status,
        lastResult: 'error',
        lastScore: 0,
        lastReportName: 'orders-20240316-101503',
      },
    };
    signals.send('finished');
    const notice = await screen.findByText(/Run finished/, {}, LIVE);
    expect(notice).toHaveTextContent(/Error; its report is below/);
    expect(notice).not.toHaveTextContent(/score/);
  });
});

describe('the entity card, live', () => {
  it('shows a run in progress on its start and the new result at its end', async () => {
    const signals = mockSignalApi();
    let current: RestoreTestItem = { ...ordersTest, reports: ordersHistory };
    const api = mockKymarosApi({
      getTests: jest.fn(async () => [current]),
    });
    await renderWithKymaros(<EntityKymarosCard />, {
      api,
      signals: signals.api,
    });
    expect(await score(58)).toBeInTheDocument();

    current = { ...running('restore'), reports: ordersHistory };
    signals.send('started');
    expect(
      await screen.findByText(
        /Run in progress: Restoring the backup/,
        {},
        LIVE,
      ),
    ).toBeInTheDocument();
    // The summary stays on screen while it reloads.
    expect(screen.getByRole('img', { name: /score 58/ })).toBeInTheDocument();

    current = { ...finished, reports: [newReport, ...ordersHistory] };
    signals.send('finished');
    expect(await score(97)).toBeInTheDocument();
    expect(screen.queryByText(/Run in progress/)).not.toBeInTheDocument();
  });
});

/** The demo overview with payments-api's row as given. */
function overviewWith(payments: Partial<SummaryResponse['items'][0]>) {
  return jest.fn(async query => {
    const page = summaryPage(query);
    return {
      ...page,
      items: page.items.map(item =>
        item.testName === 'payments-api' ? { ...item, ...payments } : item,
      ),
    };
  });
}

const paymentsRow = () =>
  screen
    .getByRole('link', {
      name: 'Restore details of component:default/payments-api',
    })
    .closest('tr') as HTMLElement;

describe('the overview, live', () => {
  it('shows a row running on its start and its new result at its end, without a reload', async () => {
    const signals = mockSignalApi();
    let payments: Partial<SummaryResponse['items'][0]> = {};
    const api = mockKymarosApi({
      getSummary: jest.fn((query: any) => overviewWith(payments)(query)),
    });
    await renderWithKymaros(<KymarosPage />, { api, signals: signals.api });
    await waitFor(
      () => expect(within(paymentsRow()).getByText('100')).toBeVisible(),
      LIVE,
    );
    expect(within(paymentsRow()).queryByText('running')).toBeNull();

    payments = { phase: 'Running' };
    signals.send('started');
    await waitFor(
      () => expect(within(paymentsRow()).getByText('running')).toBeVisible(),
      LIVE,
    );

    payments = {
      phase: 'Completed',
      score: 88,
      result: 'pass',
      lastRunAt: '2024-03-16T10:27:40Z',
      trend: [100, 88],
    };
    signals.send('finished');
    await waitFor(
      () => expect(within(paymentsRow()).getByText('88')).toBeVisible(),
      LIVE,
    );
    expect(within(paymentsRow()).queryByText('running')).toBeNull();
  });
});

describe('nothing is requested while nothing runs', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const idle = async (signals?: ReturnType<typeof mockSignalApi>) => {
    // storefront's row, running in the demo fixture, has finished here.
    const getSummary = overviewWith({});
    const api = mockKymarosApi({
      getSummary: jest.fn(async (query: any) => {
        const page = await getSummary(query);
        return {
          ...page,
          items: page.items.map(i => ({ ...i, phase: 'Completed' as const })),
        };
      }),
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...ordersTest, reports: ordersHistory }]),
      getTest: jest.fn().mockResolvedValue(ordersTest),
    });
    await renderWithKymaros(
      <>
        <KymarosPage />
        <EntityKymarosCard />
        <EntityKymarosContent />
      </>,
      { api, signals: signals?.api },
    );
    await screen.findByText('Restore tests, worst first', {}, LIVE);
    await screen.findAllByRole('img', { name: /score 58/ }, LIVE);
    const calls = () =>
      api.getSummary.mock.calls.length +
      api.getTests.mock.calls.length +
      api.getTest.mock.calls.length;
    const before = calls();
    await act(async () => {
      jest.advanceTimersByTime(30_000);
    });
    return { before, after: calls() };
  };

  it('without signals: no poll in 30 s', async () => {
    const { before, after } = await idle();
    expect(after).toBe(before);
  });

  it('with signals: no request in 30 s without a signal', async () => {
    const { before, after } = await idle(mockSignalApi());
    expect(after).toBe(before);
  });
});
