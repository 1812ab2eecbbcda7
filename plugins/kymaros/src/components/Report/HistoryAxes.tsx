import { useTheme } from '@material-ui/core/styles';
import {
  SCORE_THRESHOLDS,
  formatHumanDuration,
} from '@kymaros/plugin-kymaros-common';
import { CHART, PLOT, SCORE_TICKS, yScore } from './historyGeometry';

/**
 * The two panels' frames: the score panel (tinted fail / partial / pass
 * bands, ticks 0–100) and, under it, the RTO panel with its ticks in time.
 * Each is titled, so neither scale is read for the other.
 */
export const HistoryAxes = (props: {
  rtoTicks: number[];
  yRto: (seconds: number) => number;
}) => {
  const { palette } = useTheme();
  const bands = [
    { from: 0, to: SCORE_THRESHOLDS.partial, color: palette.error.main },
    {
      from: SCORE_THRESHOLDS.partial,
      to: SCORE_THRESHOLDS.pass,
      color: palette.warning.main,
    },
    { from: SCORE_THRESHOLDS.pass, to: 100, color: palette.success.main },
  ];
  const label = { fontSize: 11, fill: palette.text.secondary };
  const title = {
    fontSize: 12,
    fontWeight: 'bold' as const,
    fill: palette.text.primary,
  };
  const right = CHART.left + PLOT.width;
  const gridLine = (y: number) => (
    <line x1={CHART.left} x2={right} y1={y} y2={y} stroke={palette.divider} />
  );
  return (
    <g aria-hidden>
      <text x={CHART.left} y={CHART.scoreTop - 10} {...title}>
        Score (0–100)
      </text>
      {bands.map(b => (
        <rect
          key={b.from}
          x={CHART.left}
          width={PLOT.width}
          y={yScore(b.to)}
          height={yScore(b.from) - yScore(b.to)}
          fill={b.color}
          opacity={0.07}
        />
      ))}
      {SCORE_TICKS.map(v => (
        <g key={v}>
          {gridLine(yScore(v))}
          <text
            x={CHART.left - 6}
            y={yScore(v) + 4}
            textAnchor="end"
            {...label}
          >
            {v}
          </text>
        </g>
      ))}
      <text x={CHART.left} y={CHART.rtoTop - 10} {...title}>
        Recovery time (RTO)
      </text>
      {props.rtoTicks.map(v => (
        <g key={v}>
          {gridLine(props.yRto(v))}
          <text
            x={CHART.left - 6}
            y={props.yRto(v) + 4}
            textAnchor="end"
            data-testid="rto-tick"
            {...label}
          >
            {formatHumanDuration(v * 1000)}
          </text>
        </g>
      ))}
    </g>
  );
};
