import { screen, within } from '@testing-library/react';
import {
  errorReport,
  failingReport,
  mockKymarosApi,
  partialReport,
  storedBeforeFailedReport,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { ValidationLevelsCard } from './ValidationLevelsCard';

const render = (status = failingReport.status) =>
  renderWithKymaros(<ValidationLevelsCard status={status} />, {
    api: mockKymarosApi(),
  });
const level = (key: string) => screen.getByTestId(`level-${key}`);
const list = (key: string, state: string) =>
  within(level(key)).queryByTestId(`items-${state}`);

describe('ValidationLevelsCard', () => {
  it('shows what passed, what was tested and failed, and what was not tested with why', async () => {
    await render();
    // The crash-looping database failed: never "not tested", never a grey "tested".
    expect(
      within(list('podStartup', 'passed')!).getByText('Passed (2):'),
    ).toBeInTheDocument();
    expect(
      within(list('podStartup', 'failed')!).getByLabelText(
        'orders-postgres: failed',
      ),
    ).toBeInTheDocument();
    expect(list('podStartup', 'notTested')).toBeNull();

    const health = list('internalHealth', 'failed')!;
    expect(within(health).getByText('Failed (1):')).toBeInTheDocument();
    expect(within(health).getByText('postgres-pod-ready')).toBeInTheDocument();
    const notTested = list('internalHealth', 'notTested')!;
    expect(within(notTested).getByText('Not tested (2):')).toBeInTheDocument();
    expect(
      within(notTested).getByText(
        'Why not tested: Skipped: postgres-pod-ready failed, downstream checks aborted',
      ),
    ).toBeInTheDocument();
    expect(list('internalHealth', 'passed')).toBeNull();

    // A skipped level's detail already says why: not said twice.
    const deps = list('crossNamespaceDeps', 'notTested')!;
    expect(
      within(deps).getByText('shared-redis.platform-infra'),
    ).toBeInTheDocument();
    expect(within(deps).queryByText(/Why not tested/)).toBeNull();

    expect(
      within(list('rtoCompliance', 'failed')!).getByText('sla.maxRTO'),
    ).toBeInTheDocument();
  });

  it('lists the missing Secret of a partial run as failed, not as not tested', async () => {
    await render(partialReport.status);
    const failed = list('completeness', 'failed')!;
    expect(
      within(failed).getByText('search/Secret/search-es-snapshot-credentials'),
    ).toBeInTheDocument();
    expect(list('completeness', 'notTested')).toBeNull();
  });

  it('shows nothing as passed for a run that could not be evaluated', async () => {
    await render(errorReport.status);
    for (const key of ['restoreIntegrity', 'podStartup', 'rtoCompliance']) {
      expect(list(key, 'passed')).toBeNull();
      expect(list(key, 'failed')).toBeNull();
    }
  });

  it('renders a report stored before failed items were kept apart, in its own words', async () => {
    await render(storedBeforeFailedReport.status);
    const tested = list('internalHealth', 'tested')!;
    expect(within(tested).getByText('Tested (1):')).toBeInTheDocument();
    expect(within(tested).getByText('postgres-pod-ready')).toBeInTheDocument();
    expect(list('internalHealth', 'passed')).toBeNull();
    expect(list('internalHealth', 'failed')).toBeNull();
  });
});
