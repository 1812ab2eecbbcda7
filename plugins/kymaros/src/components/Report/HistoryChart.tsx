import { useTheme } from '@material-ui/core/styles';
import { InfoCard } from '@backstage/core-components';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { formatHumanDuration } from '@kymaros/plugin-kymaros-common';
import { zoneName } from '../../lib/time';
import { HistoryAxes } from './HistoryAxes';
import { CHART, PLOT, historyGeometry } from './historyGeometry';
import { HistoryLegend } from './HistoryLegend';
import { HistoryRun } from './HistoryRun';
import { HistoryRunDetail } from './HistoryRunDetail';

/**
 * The kept reports, oldest to newest, as inline SVG in two panels on one
 * time axis: the score (line) above, the RTO (bars, target dashed) below,
 * each with its own scale. Regressions are marked with a red triangle.
 * Each run is a button that opens its report; the selected one is
 * explained under the chart.
 */
export const HistoryChart = (props: {
  /** Newest first, as the API returns them. */
  reports: RestoreReport[];
  selectedName?: string;
  onSelect?: (name: string) => void;
}) => {
  const { palette } = useTheme();
  const runs = [...props.reports].reverse();
  if (runs.length === 0) return null;
  const g = historyGeometry(runs);
  const selected = runs.find(r => r.metadata.name === props.selectedName);

  return (
    <InfoCard
      title="History"
      subheader={`Score and RTO of the last ${runs.length} run${
        runs.length > 1 ? 's' : ''
      } (times in ${zoneName()}); select a run to open its report`}
    >
      <svg
        viewBox={`0 0 ${CHART.width} ${CHART.height}`}
        width="100%"
        role="group"
        aria-label="Score and RTO history"
        style={{ maxHeight: 400, fontFamily: 'inherit' }}
      >
        <HistoryAxes rtoTicks={g.rtoTicks} yRto={g.yRto} />
        {runs.map((r, i) => {
          const rto = g.rtos[i];
          if (rto === undefined) return null;
          const target = g.targets[i];
          const over = target !== undefined && rto > target;
          return (
            <rect
              key={`rto-${r.metadata.name}`}
              data-testid="rto-bar"
              x={g.x(i) - g.barWidth / 2}
              width={g.barWidth}
              y={g.yRto(rto)}
              height={g.yRto(0) - g.yRto(rto)}
              fill={over ? palette.error.light : palette.info.light}
              opacity={0.7}
            />
          );
        })}
        {g.targetPath && (
          <path
            d={g.targetPath}
            data-testid="rto-target"
            fill="none"
            stroke={palette.info.dark}
            strokeDasharray="6 4"
            strokeWidth={1.5}
          />
        )}
        {g.newestTarget !== undefined && (
          <text
            x={CHART.left + PLOT.width + 6}
            y={g.yRto(g.newestTarget) + 4}
            fontSize={11}
            fill={palette.info.dark}
          >
            target {formatHumanDuration(g.newestTarget * 1000)}
          </text>
        )}
        {g.scoreSegments.map(points => (
          <polyline
            key={points}
            points={points}
            fill="none"
            stroke={palette.primary.main}
            strokeWidth={2.5}
          />
        ))}
        {runs.map((r, i) => (
          <HistoryRun
            key={r.metadata.name}
            run={r}
            x={g.x(i)}
            band={g.band}
            selected={r.metadata.name === props.selectedName}
            onSelect={props.onSelect}
          />
        ))}
      </svg>
      <HistoryRunDetail report={selected} />
      <HistoryLegend />
    </InfoCard>
  );
};
