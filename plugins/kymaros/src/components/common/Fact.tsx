import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** A small caption above a value, for rows of facts. */
export const Fact = (props: { label: string; children: React.ReactNode }) => (
  <Box mr={4}>
    <Typography variant="caption" color="textSecondary" component="div">
      {props.label}
    </Typography>
    <Typography variant="body2" component="div">
      {props.children}
    </Typography>
  </Box>
);
