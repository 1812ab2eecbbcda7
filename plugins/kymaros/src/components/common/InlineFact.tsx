import Typography from '@material-ui/core/Typography';

/** `Label: value` on one line. */
export const InlineFact = (props: {
  label: string;
  children: React.ReactNode;
}) => (
  <Typography variant="body2" component="div">
    <Typography variant="body2" color="textSecondary" component="span">
      {props.label}:{' '}
    </Typography>
    {props.children}
  </Typography>
);
