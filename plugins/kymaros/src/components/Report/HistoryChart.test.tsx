import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { errorReport, ordersHistory } from '../../__fixtures__';
import { HistoryChart } from './HistoryChart';
import { rtoAxis } from './historyGeometry';

describe('HistoryChart', () => {
  it('draws one selectable run per report, oldest first, with regressions marked', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <HistoryChart
        reports={ordersHistory}
        selectedName="orders-20240316-030008"
        onSelect={onSelect}
      />,
    );
    const chart = screen.getByRole('group', { name: 'Score and RTO history' });
    const runs = within(chart).getAllByRole('button');
    expect(runs.map(r => r.getAttribute('aria-label'))).toEqual([
      expect.stringMatching(/score 95, Pass, RTO 13m11s \(target 15m\)$/),
      expect.stringMatching(/score 96, Pass, RTO 12m41s \(target 15m\)$/),
      expect.stringMatching(
        /score 58, Fail, RTO 18m25s \(target 15m\), regression -38$/,
      ),
    ]);
    expect(runs[2]).toHaveAttribute('aria-pressed', 'true');
    expect(within(runs[2]).getByTestId('regression-marker')).toHaveTextContent(
      '-38',
    );
    expect(within(runs[1]).queryByTestId('regression-marker')).toBeNull();

    await userEvent.click(runs[1]);
    expect(onSelect).toHaveBeenCalledWith('orders-20240315-030011');
    runs[0].focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith('orders-20240314-030009');
    expect(
      screen.getByText(
        'Score and RTO of the last 3 runs; select a run to open its report',
      ),
    ).toBeInTheDocument();
  });

  it('breaks the score line at runs that could not be evaluated', async () => {
    const { container } = await renderInTestApp(
      <HistoryChart
        reports={[ordersHistory[0], errorReport, ordersHistory[1]]}
      />,
    );
    // two segments: [96] and [58], none through the error run
    const lines = container.querySelectorAll('svg[aria-label] polyline');
    const scoreLines = [...lines].filter(
      l => !l.getAttribute('stroke-dasharray'),
    );
    expect(scoreLines).toHaveLength(2);
    expect(
      screen.getByRole('button', { name: /score 0, Error/ }),
    ).toBeInTheDocument();
  });

  it('renders nothing without reports', async () => {
    await renderInTestApp(<HistoryChart reports={[]} />);
    expect(screen.queryByRole('group')).toBeNull();
  });
});

describe('rtoAxis', () => {
  it('ends on a round duration with at most four steps', () => {
    expect(rtoAxis(1105)).toEqual({ max: 1800, ticks: [0, 600, 1200, 1800] });
    expect(rtoAxis(20)).toEqual({ max: 60, ticks: [0, 30, 60] });
    expect(rtoAxis(3 * 3600)).toEqual({
      max: 14400,
      ticks: [0, 3600, 7200, 10800, 14400],
    });
  });
});
