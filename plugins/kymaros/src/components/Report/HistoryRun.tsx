import { useTheme } from '@material-ui/core/styles';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { formatShortDateTime } from '../../lib/time';
import { CHART, runLabel, yScore } from './historyGeometry';

/** One run of the history chart: its score point, regression mark and date; a button spanning both panels. */
export const HistoryRun = (props: {
  run: RestoreReport;
  x: number;
  band: number;
  selected: boolean;
  onSelect?: (name: string) => void;
}) => {
  const { palette } = useTheme();
  const { run, x, band, selected, onSelect } = props;
  const { status } = run;
  const isError = status.result === 'error';
  // A run that could not be evaluated has no score: its mark sits mid-panel
  // as "—", never on the 0 line where it would read as a score of 0.
  const cy = isError ? yScore(50) : yScore(status.score);
  const color = {
    pass: palette.success.main,
    partial: palette.warning.main,
    fail: palette.error.main,
    error: palette.grey[500],
  }[status.result];
  const select = () => onSelect?.(run.metadata.name);
  const label = runLabel(run);

  return (
    <g
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={selected}
      onClick={select}
      onKeyDown={e => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          select();
        }
      }}
      style={{ cursor: onSelect ? 'pointer' : 'default', outline: 'none' }}
    >
      <title>{label}</title>
      <rect
        x={x - band / 2}
        width={band}
        y={CHART.scoreTop}
        height={CHART.rtoTop + CHART.rtoHeight - CHART.scoreTop}
        fill={palette.primary.main}
        opacity={selected ? 0.06 : 0}
      />
      {isError ? (
        <text
          data-testid="no-score-mark"
          x={x}
          y={cy + 6}
          textAnchor="middle"
          fontSize={18}
          fontWeight="bold"
          fill={color}
        >
          —
        </text>
      ) : (
        <circle
          cx={x}
          cy={cy}
          r={selected ? 7 : 5}
          fill={color}
          stroke={palette.background.paper}
          strokeWidth={1.5}
        />
      )}
      {status.regression && (
        <g data-testid="regression-marker">
          <path
            d={`M ${x - 6} ${cy - 16} L ${x + 6} ${cy - 16} L ${x} ${cy - 8} Z`}
            fill={palette.error.main}
          />
          <text
            x={x + 9}
            y={cy - 9}
            fontSize={11}
            fontWeight="bold"
            fill={palette.error.main}
          >
            {status.regression.scoreDelta}
          </text>
        </g>
      )}
      <text
        x={x}
        y={CHART.rtoTop + CHART.rtoHeight + 18}
        textAnchor="middle"
        fontSize={11}
        fontWeight={selected ? 'bold' : 'normal'}
        fill={palette.text.secondary}
      >
        {formatShortDateTime(status.startedAt)}
      </text>
    </g>
  );
};
