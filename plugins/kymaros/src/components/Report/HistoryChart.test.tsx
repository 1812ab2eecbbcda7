import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { errorReport, ordersHistory } from '../../__fixtures__';
import { HistoryChart } from './HistoryChart';
import { CHART, rtoAxis } from './historyGeometry';

jest.mock('../../lib/viewerTimeZone', () => ({
  viewerTimeZone: () => 'Europe/Brussels',
}));

const inRtoPanel = (y: number) =>
  y >= CHART.rtoTop && y <= CHART.rtoTop + CHART.rtoHeight;
const inScorePanel = (y: number) =>
  y >= CHART.scoreTop && y <= CHART.scoreTop + CHART.scoreHeight;

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
        'Score and RTO of the last 3 runs (times in CET); select a run to open its report',
      ),
    ).toBeInTheDocument();
  });

  it('puts score and RTO in panels of their own, each with its own titled scale, the RTO one in time', async () => {
    const { container } = await renderInTestApp(
      <HistoryChart reports={ordersHistory} />,
    );
    expect(screen.getByText('Score (0–100)')).toBeInTheDocument();
    expect(screen.getByText('Recovery time (RTO)')).toBeInTheDocument();
    expect(screen.getAllByTestId('rto-tick').map(t => t.textContent)).toEqual([
      '0s',
      '10m',
      '20m',
      '30m',
    ]);
    // Nothing of the RTO is drawn where the score scale is, and the reverse.
    for (const bar of screen.getAllByTestId('rto-bar')) {
      const top = Number(bar.getAttribute('y'));
      const bottom = top + Number(bar.getAttribute('height'));
      expect(inRtoPanel(top) && inRtoPanel(bottom)).toBe(true);
    }
    const target = screen.getByTestId('rto-target').getAttribute('d')!;
    for (const y of [...target.matchAll(/M \S+ (\S+)/g)].map(m => Number(m[1])))
      expect(inRtoPanel(y)).toBe(true);
    const scoreLine = container.querySelector('polyline')!;
    for (const point of scoreLine.getAttribute('points')!.split(' '))
      expect(inScorePanel(Number(point.split(',')[1]))).toBe(true);
  });

  it('draws and labels the RTO target with a single run', async () => {
    await renderInTestApp(
      <HistoryChart
        reports={[ordersHistory[0]]}
        selectedName={ordersHistory[0].metadata.name}
      />,
    );
    const target = screen.getByTestId('rto-target').getAttribute('d')!;
    const [, x1, x2] = /M (\S+) \S+ H (\S+)/.exec(target)!.map(Number);
    // across the run's whole band, not a zero-length line
    expect(x2 - x1).toBeGreaterThan(100);
    expect(screen.getByText('target 15m')).toBeInTheDocument();
  });

  it('explains the selected run: when, score and result, RTO against its target, the regression', async () => {
    await renderInTestApp(
      <HistoryChart
        reports={ordersHistory}
        selectedName="orders-20240316-030008"
      />,
    );
    expect(screen.getByTestId('history-selected-run')).toHaveTextContent(
      'Selected: Run of 16 Mar 2024, 04:00 CET · score 58 (Fail) · RTO 18m 25s, 3m 25s over its 15m target · regression from 96 (-38)',
    );
  });

  it('breaks the score line at runs that could not be evaluated', async () => {
    const { container } = await renderInTestApp(
      <HistoryChart
        reports={[ordersHistory[0], errorReport, ordersHistory[1]]}
      />,
    );
    // two segments: [96] and [58], none through the error run
    expect(container.querySelectorAll('svg[aria-label] polyline')).toHaveLength(
      2,
    );
    expect(screen.getByRole('button', { name: /Error/ })).toBeInTheDocument();
    // drawn as "—" mid-panel, not as a point on the 0 line
    const mark = screen.getByTestId('no-score-mark');
    expect(mark).toHaveTextContent('—');
    expect(Number(mark.getAttribute('y'))).toBeLessThan(150);
    expect(container.querySelectorAll('svg[aria-label] circle')).toHaveLength(
      2,
    );
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
