import Typography from '@material-ui/core/Typography';

/** One entry of a chart legend: a small SVG swatch and its label. */
export const ChartLegend = (props: {
  swatch: React.ReactNode;
  children: React.ReactNode;
}) => (
  <Typography
    variant="caption"
    component="span"
    style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}
  >
    <svg width={18} height={12} aria-hidden>
      {props.swatch}
    </svg>
    {props.children}
  </Typography>
);
