import { screen } from '@testing-library/react';
import {
  errorReport,
  failingReport,
  invalidTest,
  mockKymarosApi,
  neverRunTest,
  notOptedInEntity,
  ordersArchiveTest,
  ordersTest,
  passingReport,
  runningTest,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosCard } from './EntityKymarosCard';

describe('EntityKymarosCard', () => {
  it('summarises the latest report and links to the Restore tab', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(failingReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api, withTabRoute: true });
    expect(
      await screen.findByRole('img', {
        name: 'Restore confidence score 58 out of 100',
      }),
    ).toBeInTheDocument();
    expect(api.getReport).toHaveBeenCalledWith('orders-20240316-030008');
    expect(screen.getByTestId('result-fail')).toBeInTheDocument();
    expect(screen.getByText('over target')).toBeInTheDocument();
    expect(screen.getByText(/18m 25s of 15m/)).toBeInTheDocument();
    expect(screen.getByText('5h')).toBeInTheDocument();
    expect(screen.getByText(/Regression: 96 → 58/)).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View restore details/ }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/kymaros');
  });

  it('takes the latest report from the tests when they carry it: one request', async () => {
    const api = mockKymarosApi({
      getTests: jest
        .fn()
        .mockResolvedValue([{ ...ordersTest, reports: [failingReport] }]),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(
      await screen.findByRole('img', {
        name: 'Restore confidence score 58 out of 100',
      }),
    ).toBeInTheDocument();
    expect(api.getTests).toHaveBeenCalledWith({
      entityRef: 'component:default/orders',
      reports: 1,
    });
    expect(api.getReport).not.toHaveBeenCalled();
  });

  it('shows RTO within target for a passing report', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(passingReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(await screen.findByText('within target')).toBeInTheDocument();
    expect(screen.getByTestId('result-pass')).toBeInTheDocument();
    // without a mounted tab there is no broken link
    expect(
      screen.queryByRole('link', { name: /View restore details/ }),
    ).not.toBeInTheDocument();
  });

  it('summarises the worst test when there are several', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersArchiveTest, ordersTest]),
      getReport: jest.fn().mockResolvedValue(failingReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(
      await screen.findByText('Lowest of 2 restore tests: orders'),
    ).toBeInTheDocument();
  });

  it('shows an error run without a score verdict on the backup', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(errorReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(await screen.findByTestId('result-error')).toBeInTheDocument();
    expect(screen.getByText(/ECONNREFUSED/)).toBeInTheDocument();
    expect(screen.getByText('no backup restored')).toBeInTheDocument();
    expect(screen.getByText('not measured')).toBeInTheDocument();
    expect(screen.queryByText('over target')).not.toBeInTheDocument();
  });

  it('gives the top reason of a failure and no green mark beside it', async () => {
    const withinTarget = {
      ...failingReport,
      status: {
        ...failingReport.status,
        rto: {
          ...failingReport.status.rto,
          measured: '49.5s',
          withinSLA: true,
        },
      },
    };
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(withinTarget),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(await screen.findByTestId('top-reason')).toHaveTextContent(
      'Why: Pod startup: Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
    );
    // Within target, said plainly: no green "within SLA" next to a Fail.
    expect(screen.getByText(/\(within target\)/)).toBeInTheDocument();
    expect(screen.queryByText('within target')).toBeNull();
    expect(screen.queryByText(/within SLA/)).toBeNull();
  });

  it('shows "—" for the score of a run that could not be evaluated', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([ordersTest]),
      getReport: jest.fn().mockResolvedValue(errorReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(
      await screen.findByRole('img', {
        name: 'No restore confidence score: the run could not be evaluated',
      }),
    ).toHaveTextContent('—');
    expect(screen.getByTestId('top-reason')).toHaveTextContent(
      /^Not evaluated: Cluster restore-tests unreachable/,
    );
  });

  it('shows an invalid definition', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([invalidTest]),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(await screen.findByTestId('result-invalid')).toBeInTheDocument();
    expect(screen.getByText(/hour 25 is out of range/)).toBeInTheDocument();
    expect(api.getReport).not.toHaveBeenCalled();
  });

  it('shows a test that has not run yet, and a run in progress', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([neverRunTest]),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(await screen.findByTestId('result-never')).toBeInTheDocument();

    const running = mockKymarosApi({
      getTests: jest.fn().mockResolvedValue([runningTest]),
      getReport: jest.fn().mockResolvedValue(failingReport),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api: running });
    expect(
      await screen.findByText('Run in progress: Restoring the backup'),
    ).toBeInTheDocument();
  });

  it('says when the backend cannot be reached', async () => {
    const api = mockKymarosApi({
      getTests: jest.fn().mockRejectedValue(new TypeError('Failed to fetch')),
    });
    await renderWithKymaros(<EntityKymarosCard />, { api });
    expect(
      await screen.findByText(
        'Could not load restore results: Failed to fetch',
      ),
    ).toBeInTheDocument();
  });

  it('asks to opt in when the entity has no kymaros annotations', async () => {
    const api = mockKymarosApi();
    await renderWithKymaros(<EntityKymarosCard />, {
      api,
      entity: notOptedInEntity,
    });
    expect(screen.getByText('Missing Annotation')).toBeInTheDocument();
    expect(api.getTests).not.toHaveBeenCalled();
  });
});
