import { useTheme } from '@material-ui/core/styles';
import { TrendLine } from '@backstage/core-components';
import { resultForScore } from '@kymaros/plugin-kymaros-common';

/** A sparkline of recent scores, oldest to newest, coloured by the latest verdict. */
export const ScoreTrend = (props: { scores: number[] }) => {
  const { palette } = useTheme();
  const { scores } = props;
  if (scores.length < 2) return <>—</>;
  const last = resultForScore(scores[scores.length - 1]);
  const color = {
    pass: palette.success.main,
    partial: palette.warning.main,
    fail: palette.error.main,
  }[last];
  return (
    <span role="img" aria-label={`Score trend: ${scores.join(', ')}`}>
      <TrendLine
        data={scores.map(s => s / 100)}
        min={0}
        max={1}
        width={100}
        height={24}
        color={color}
        title={`Score trend: ${scores.join(' → ')}`}
      />
    </span>
  );
};
