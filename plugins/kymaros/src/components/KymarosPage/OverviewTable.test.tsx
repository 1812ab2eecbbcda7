import { screen } from '@testing-library/react';
import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import { mockKymarosApi } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { OverviewTable } from './OverviewTable';

const item = (name: string, extra: Partial<SummaryItem>): SummaryItem => ({
  entityRef: `component:default/${name}`,
  testId: name,
  testName: name,
  phase: 'Idle',
  trend: [],
  ...extra,
});

describe('OverviewTable', () => {
  it('shows "—" for the score of a run that could not be evaluated, and the score of others', async () => {
    await renderWithKymaros(
      <OverviewTable
        items={[
          item('analytics-pipeline', { result: 'error', score: 0 }),
          item('orders', {
            result: 'fail',
            score: 65,
            withinSLA: true,
            backupAge: '6h0m2s',
          }),
          item('payments-api', {
            result: 'pass',
            score: 100,
            withinSLA: true,
            backupAge: '4h',
          }),
          item('new-service', {}),
        ]}
        totalItems={4}
        loading={false}
        page={0}
        pageSize={25}
        pageSizes={[25]}
        onPageChange={jest.fn()}
        entityTabPath="kymaros"
      />,
      { api: mockKymarosApi() },
    );
    const score = (name: string) =>
      screen.getByRole('link', {
        name: `Restore details of component:default/${name}`,
      });
    expect(score('analytics-pipeline')).toHaveTextContent(/^—$/);
    expect(score('orders')).toHaveTextContent(/^65$/);
    expect(score('new-service')).toHaveTextContent(/^—$/);

    // An RTO within target is green beside a pass only, not beside a Fail.
    const [failed, passed] = screen.getAllByText('Within target');
    expect(failed.closest('tr')).toHaveTextContent('orders');
    expect(failed.closest('[aria-label="Status ok"]')).toBeNull();
    expect(passed.closest('tr')).toHaveTextContent('payments-api');
    expect(passed.closest('[aria-label="Status ok"]')).not.toBeNull();
  });
});
