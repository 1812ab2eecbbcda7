import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import {
  errorReport,
  failedBeforeScoringReport,
  invalidTest,
  mockKymarosApi,
  neverRunTest,
  notOptedInEntity,
  ordersArchiveTest,
  ordersEntity,
  ordersHistory,
  ordersTest,
  partialReport,
  passingReport,
  shopReport,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosContent } from './EntityKymarosContent';

// Full reports render several material-table tables: slow on a busy CI machine.
jest.setTimeout(20_000);

const withReports = (...reports: typeof ordersHistory) =>
  mockKymarosApi({
    getTests: jest.fn().mockResolvedValue([ordersTest]),
    getReports: jest.fn().mockResolvedValue(reports),
  });

const level = (key: string) => screen.getByTestId(`level-${key}`);

describe('EntityKymarosContent', () => {
  it('asks to opt in when the entity has no kymaros annotations', async () => {
    const api = mockKymarosApi();
    await renderWithKymaros(<EntityKymarosContent />, {
      api,
      entity: notOptedInEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(screen.getAllByText('kymaros.io/enabled').length).toBeGreaterThan(0);
    expect(
      screen.getAllByText('kymaros.io/restore-test').length,
    ).toBeGreaterThan(0);
    expect(api.getTests).not.toHaveBeenCalled();
  });

  it("asks the backend for the entity's tests by entity ref", async () => {
    const api = withReports(passingReport);
    await renderWithKymaros(<EntityKymarosContent />, { api });
    await screen.findByText('Restore test orders');
    expect(api.getTests).toHaveBeenCalledWith({
      entityRef: 'component:default/orders',
      reports: 100,
    });
    expect(api.getReports).toHaveBeenCalledWith(ordersTest.id);
  });

  it('needs no second request when the tests carry their reports', async () => {
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...ordersTest, reports: [passingReport] }]),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(
      await screen.findByRole('img', {
        name: 'Restore confidence score 100 out of 100',
      }),
    ).toBeInTheDocument();
    expect(api.getTests).toHaveBeenCalledTimes(1);
    expect(api.getReports).not.toHaveBeenCalled();
  });

  it('shows a passing report: score, verdict, RTO within SLA, backup, levels, checks', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(passingReport),
    });
    expect(
      await screen.findByRole('img', {
        name: 'Restore confidence score 100 out of 100',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('result-pass').length).toBeGreaterThan(0);
    expect(
      screen.getByText('Nothing to fix: every level earned full points.'),
    ).toBeInTheDocument();
    expect(screen.getByText('11m 35s')).toBeInTheDocument();
    expect(screen.getByText('Within SLA')).toBeInTheDocument();
    expect(screen.getAllByText('payments-api-20240314-230000')).toHaveLength(2); // backup card, level chip
    expect(screen.getByText('2.3 GiB')).toBeInTheDocument();
    expect(screen.getByText('Within the 1d RPO target')).toBeInTheDocument();
    expect(
      within(level('restoreIntegrity')).getByText('25/25 pts'),
    ).toBeInTheDocument();
    expect(
      within(level('rtoCompliance')).getByText('5/5 pts'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('HTTP 200 received from /healthz'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('3 of 3 passed; a skipped check counts as not passed'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Every kind complete/)).toBeInTheDocument();
    expect(
      screen.getByRole('group', { name: 'Score and RTO history' }),
    ).toBeInTheDocument();
  });

  it('explains a failing OOMKilled run: lost points, failed and skipped checks, RTO exceeded, regression', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(...ordersHistory),
    });
    expect(
      await screen.findByRole('img', {
        name: 'Restore confidence score 58 out of 100',
      }),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('result-fail').length).toBeGreaterThan(0);

    // what to fix, biggest loss first
    expect(
      screen.getByText('42 points lost, biggest loss first'),
    ).toBeInTheDocument();
    expect(screen.getByText('−20 Application health')).toBeInTheDocument();
    expect(screen.getByText('−7 Pod startup')).toBeInTheDocument();
    expect(screen.getByText('−10 Not evaluated')).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Cross-namespace dependencies\. Why: pod startup did not complete\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Check postgres-pod-ready failed'),
    ).toBeInTheDocument();

    // regression against the previous report
    expect(
      screen.getByText('Regression since the previous run'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Score dropped from 96 to 58 \(-38\)\. Went from passing to failing: Pod startup, Application health, RTO compliance\./,
      ),
    ).toBeInTheDocument();

    // RTO over target
    expect(screen.getByText('18m 25s')).toBeInTheDocument();
    expect(screen.getByText('Exceeded by 3m 25s')).toBeInTheDocument();

    // the level's detail and its not-tested list
    const pods = level('podStartup');
    expect(within(pods).getByText('13/20 pts')).toBeInTheDocument();
    expect(
      within(pods).getByText(
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      ),
    ).toBeInTheDocument();
    expect(within(pods).getByText('Failed (1):')).toBeInTheDocument();
    expect(within(pods).getByText('orders-postgres')).toBeInTheDocument();
    expect(
      within(level('crossNamespaceDeps')).getByText(
        'shared-redis.platform-infra',
      ),
    ).toBeInTheDocument();

    // checks table: failed and skipped, with messages
    expect(
      screen.getByText('0 of 3 passed; a skipped check counts as not passed'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(
        'Skipped: postgres-pod-ready failed, downstream checks aborted',
      ),
    ).toHaveLength(2);
    expect(screen.getByText('after 3 attempts')).toBeInTheDocument();

    // history marks the regression
    expect(screen.getAllByTestId('regression-marker')).toHaveLength(1);
  });

  it('highlights completeness shortfalls of a partial report with the missing names', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(partialReport),
    });
    expect(await screen.findAllByTestId('result-partial')).not.toHaveLength(0);
    expect(screen.getByText(/2 kinds incomplete/)).toBeInTheDocument();
    expect(screen.getByText('2/3 (1 missing)')).toBeInTheDocument();
    expect(
      screen.getByText('search-es-snapshot-credentials'),
    ).toBeInTheDocument();
    expect(screen.getByText('search-synonyms')).toBeInTheDocument();
    const secretRow = screen.getByText('2/3 (1 missing)').closest('tr')!;
    expect(secretRow).toHaveStyle({ backgroundColor: expect.anything() });
    expect(within(secretRow).getByText('Secret')).toBeInTheDocument();
    expect(
      screen.getByText('PartiallyFailed: some items were not backed up'),
    ).toBeInTheDocument();
  });

  it('shows what the sandbox rewrote and did not reproduce, beside the completeness it cost', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(shopReport),
    });
    expect(await screen.findByText('Sandbox')).toBeInTheDocument();
    expect(screen.getByText('0/1 (1 missing)')).toBeInTheDocument();
    expect(
      screen.getByTestId('sandbox-volumes-not-restored'),
    ).toHaveTextContent('shop/report-archive');
    expect(
      screen.getAllByText('db.kymaros-shop-db-x7k2p9.svc.cluster.local'),
    ).toHaveLength(2);
    expect(
      screen.getByText('type LoadBalancer → ClusterIP'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('sandbox-external-references')).toHaveTextContent(
      'api.payments.svc',
    );
  });

  it('shows no sandbox section for a report written before it had one', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(passingReport),
    });
    await screen.findByText('Resource completeness');
    expect(screen.queryByText('Sandbox')).toBeNull();
  });

  it('shows a run that could not be evaluated as an error, not as a backup failure', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(errorReport),
    });
    expect(
      await screen.findByText('This run could not be evaluated'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Cluster restore-tests unreachable: connect ECONNREFUSED 10.96.0.1:6443 (3 attempts over 30s)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/This is not a verdict on the backup/),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('result-error').length).toBeGreaterThan(0);
    expect(
      screen.getByRole('img', {
        name: 'No restore confidence score: the run could not be evaluated',
      }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('result-fail')).not.toBeInTheDocument();
    expect(
      screen.getByText('No backup was restored in this run.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No health checks ran: the run stopped before them.'),
    ).toBeInTheDocument();
  });

  it('shows why a run failed before scoring', async () => {
    await renderWithKymaros(<EntityKymarosContent />, {
      api: withReports(failedBeforeScoringReport),
    });
    expect(await screen.findByText('Why this run failed')).toBeInTheDocument();
    expect(
      screen.getAllByText(
        'No eligible backup: no Completed or PartiallyFailed Velero backup in namespace velero includes namespace reports',
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.getByText('−25 Restore integrity')).toBeInTheDocument();
    expect(screen.getByText('−75 Not evaluated')).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Completeness, Pod startup, Application health, Cross-namespace dependencies, RTO compliance\. Why: nothing was restored\./,
      ),
    ).toBeInTheDocument();
  });

  it('shows the exact error of an invalid definition, and no run button', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([invalidTest]),
      getReports: jest.fn().mockResolvedValue([]),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(
      await screen.findByText('This restore test definition is invalid'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'kymaros.io/schedule: invalid cron expression "0 25 * * *": hour 25 is out of range (0-23)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /kymaros\.io\/\* annotations in this entity's catalog-info\.yaml/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeDisabled();
    expect(screen.getByText('Not scheduled')).toBeInTheDocument();
  });

  it('says when the test has not run yet', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([neverRunTest]),
      getReports: jest.fn().mockResolvedValue([]),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(await screen.findByText('No restore run yet')).toBeInTheDocument();
    expect(screen.getByText('Never')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Run now/ })).toBeEnabled();
  });

  it('says when the backend has no test for an opted-in entity yet', async () => {
    const api = mockKymarosApi({ getTests: jest.fn().mockResolvedValue([]) });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(
      await screen.findByText('No restore test for this entity yet'),
    ).toBeInTheDocument();
  });

  it('says the backend is unreachable, with the error, and retries', async () => {
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockRejectedValueOnce(new TypeError('Failed to fetch'))
        .mockResolvedValue([ordersTest]),
      getReports: jest.fn().mockResolvedValue([passingReport]),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(
      await screen.findByText('Error: Could not reach the Kymaros backend'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Failed to fetch/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Restore test orders')).toBeInTheDocument();
  });

  it('shows the backend error answer', async () => {
    const response = {
      ok: false,
      status: 500,
      statusText: 'Internal Server Error',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () =>
        JSON.stringify({
          error: { name: 'Error', message: 'database is locked' },
          response: { statusCode: 500 },
        }),
    } as unknown as Response;
    const error = await ResponseError.fromResponse(response);
    const api = mockKymarosApi({
      getTests: jest.fn().mockRejectedValue(error),
    });
    await renderWithKymaros(<EntityKymarosContent />, { api });
    expect(
      await screen.findByText(
        'Error: The Kymaros backend answered 500: database is locked',
      ),
    ).toBeInTheDocument();
  });

  it('offers a selector when the entity has several restore tests', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest, ordersArchiveTest]),
      getReports: jest.fn(async (id: string) =>
        id === ordersTest.id ? ordersHistory : [],
      ),
    });
    await renderWithKymaros(<EntityKymarosContent />, {
      api,
      entity: ordersEntity,
    });
    const tabs = await screen.findByRole('tablist', { name: 'Restore tests' });
    expect(
      within(tabs).getByRole('tab', { name: 'orders · 58 Fail' }),
    ).toHaveAttribute('aria-selected', 'true');
    expect(await screen.findByText('Restore test orders')).toBeInTheDocument();

    await userEvent.click(
      within(tabs).getByRole('tab', { name: 'orders-archive · Not run yet' }),
    );
    expect(
      await screen.findByText('Restore test orders-archive'),
    ).toBeInTheDocument();
    expect(await screen.findByText('No restore run yet')).toBeInTheDocument();
    expect(api.getReports).toHaveBeenCalledWith(ordersArchiveTest.id);
  });
});
