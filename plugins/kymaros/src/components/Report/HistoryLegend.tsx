import Box from '@material-ui/core/Box';
import { useTheme } from '@material-ui/core/styles';
import { ChartLegend } from './ChartLegend';

/** What the lines, bars and marks of the history chart's two panels mean. */
export const HistoryLegend = () => {
  const { palette } = useTheme();
  const line = (stroke: string, dashed = false) => (
    <line
      x1={0}
      x2={18}
      y1={6}
      y2={6}
      stroke={stroke}
      strokeWidth={dashed ? 1.5 : 2.5}
      strokeDasharray={dashed ? '4 3' : undefined}
    />
  );
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 24 }} mt={1}>
      <ChartLegend swatch={line(palette.primary.main)}>
        Score (upper panel)
      </ChartLegend>
      <ChartLegend
        swatch={
          <rect x={4} y={0} width={10} height={12} fill={palette.info.light} />
        }
      >
        RTO (lower panel; red when over its target)
      </ChartLegend>
      <ChartLegend swatch={line(palette.info.dark, true)}>
        RTO target
      </ChartLegend>
      <ChartLegend
        swatch={<path d="M 3 2 L 15 2 L 9 10 Z" fill={palette.error.main} />}
      >
        Regression
      </ChartLegend>
    </Box>
  );
};
