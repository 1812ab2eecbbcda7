import { useTheme } from '@material-ui/core/styles';
import {
  SCORE_THRESHOLDS,
  formatHumanDuration,
} from '@kymaros/plugin-kymaros-common';
import { CHART, PLOT, SCORE_TICKS, yScore } from './historyGeometry';

/** Tinted fail / partial / pass bands, the score axis (left) and the RTO axis (right). */
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
  const label = {
    fontSize: 11,
    fill: palette.text.secondary,
  };
  return (
    <g aria-hidden>
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
          <line
            x1={CHART.left}
            x2={CHART.left + PLOT.width}
            y1={yScore(v)}
            y2={yScore(v)}
            stroke={palette.divider}
          />
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
      {props.rtoTicks.map(v => (
        <text
          key={v}
          x={CHART.left + PLOT.width + 6}
          y={props.yRto(v) + 4}
          {...label}
        >
          {formatHumanDuration(v * 1000)}
        </text>
      ))}
    </g>
  );
};
