import LinearProgress from '@material-ui/core/LinearProgress';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  root: {
    height: 8,
    borderRadius: 4,
    backgroundColor: theme.palette.action.selected,
    margin: theme.spacing(0.75, 0),
  },
  bar: { borderRadius: 4 },
  full: { backgroundColor: theme.palette.success.main },
  some: { backgroundColor: theme.palette.warning.main },
  none: { backgroundColor: theme.palette.error.main },
}));

/** Points earned out of the points available, as a slim bar. */
export const PointsBar = (props: { points: number; maxPoints: number }) => {
  const classes = useStyles();
  const { points, maxPoints } = props;
  const share = maxPoints > 0 ? points / maxPoints : 0;
  let tone = classes.none;
  if (share >= 1) tone = classes.full;
  else if (share >= 0.5) tone = classes.some;
  return (
    <LinearProgress
      variant="determinate"
      value={Math.min(100, share * 100)}
      classes={{ root: classes.root, bar: `${classes.bar} ${tone}` }}
      aria-label={`${points} of ${maxPoints} points`}
    />
  );
};
