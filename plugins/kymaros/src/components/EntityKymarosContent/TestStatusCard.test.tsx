import { screen } from '@testing-library/react';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { mockKymarosApi, ordersTest } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import type { RestoreTestState } from '../../hooks/useRestoreTest';
import { TestStatusCard } from './TestStatusCard';

jest.mock('../../lib/viewerTimeZone', () => ({
  viewerTimeZone: () => 'Europe/Brussels',
}));

const state = (test: RestoreTestItem): RestoreTestState => ({
  test,
  reports: [],
  reportsLoading: false,
  retryReports: jest.fn(),
  select: jest.fn(),
  awaitingRun: false,
  runNow: jest.fn(),
});

const render = (test: RestoreTestItem) =>
  renderWithKymaros(<TestStatusCard state={state(test)} />, {
    api: mockKymarosApi(),
  });

describe('TestStatusCard', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: Date.parse('2024-03-16T05:00:08Z'),
      advanceTimers: true,
    });
  });
  afterEach(() => jest.useRealTimers());

  it("shows the last and next run as moments in the viewer's zone, named, with how far from now", async () => {
    await render(ordersTest);
    expect(
      screen.getByText('16 Mar 2024, 04:00 CET (2 hours ago)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('17 Mar 2024, 04:00 CET (in 22 hours)'),
    ).toBeInTheDocument();
  });

  it("names the cron's time zone beside the schedule (its summer name in March), and both targets", async () => {
    await render({
      ...ordersTest,
      spec: {
        ...ordersTest.spec!,
        schedule: { cron: '0 3 * * *' },
        sla: { maxRTO: '15m', maxRPO: '24h' },
      },
      status: { ...ordersTest.status, scheduleTimeZone: 'America/New_York' },
    });
    expect(
      screen.getByText(
        /schedule 0 3 \* \* \* \(America\/New_York, GMT-4\) · RTO target 15m · RPO target 24h/,
      ),
    ).toBeInTheDocument();
  });

  it('falls back to the zone the schedule names when the backend says none', async () => {
    await render(ordersTest);
    expect(
      screen.getByText(/schedule 0 3 \* \* \* \(UTC\)/),
    ).toBeInTheDocument();
  });
});
