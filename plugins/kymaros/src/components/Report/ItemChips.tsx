import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircleOutline from '@material-ui/icons/CheckCircleOutline';
import ErrorOutline from '@material-ui/icons/ErrorOutline';
import RemoveCircleOutline from '@material-ui/icons/RemoveCircleOutline';

const SHOWN = 8;

/**
 * What happened to the items of a list: each state has its own words, icon
 * and colour. `tested` is for reports stored before failed items were kept
 * apart: tested, passed or not.
 */
export type ItemState = 'passed' | 'failed' | 'notTested' | 'tested';

const LABELS: Record<ItemState, string> = {
  tested: 'Tested',
  passed: 'Passed',
  failed: 'Failed',
  notTested: 'Not tested',
};

const useStyles = makeStyles(theme => ({
  passed: {
    '& $icon': { color: theme.palette.success.main },
  },
  failed: {
    color: theme.palette.error.main,
    borderColor: theme.palette.error.main,
    fontWeight: theme.typography.fontWeightMedium as number,
    '& $icon': { color: theme.palette.error.main },
  },
  notTested: {
    borderStyle: 'dashed',
    color: theme.palette.text.secondary,
  },
  tested: {},
  icon: {},
}));

const ICONS: Record<ItemState, typeof ErrorOutline | undefined> = {
  tested: undefined,
  passed: CheckCircleOutline,
  failed: ErrorOutline,
  notTested: RemoveCircleOutline,
};

/**
 * A labelled list of names as chips in one state (passed, failed, not
 * tested), told apart by words and icon as well as colour; long lists fold
 * behind "show all". A not-tested list says why under it.
 */
export const ItemChips = (props: {
  state: ItemState;
  items: string[];
  /** Why the items were not tested. */
  reason?: string;
}) => {
  const classes = useStyles();
  const [all, setAll] = useState(false);
  const { state, items, reason } = props;
  if (items.length === 0) return null;
  const shown = all ? items : items.slice(0, SHOWN);
  const Icon = ICONS[state];
  return (
    <Box mt={0.5} data-testid={`items-${state}`}>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 4 }}
      >
        <Typography
          variant="caption"
          color={state === 'failed' ? 'error' : 'textSecondary'}
        >
          {LABELS[state]} ({items.length}):
        </Typography>
        {shown.map(item => (
          <Chip
            key={item}
            label={item}
            size="small"
            variant={
              state === 'passed' || state === 'tested' ? 'default' : 'outlined'
            }
            icon={Icon && <Icon className={classes.icon} />}
            className={classes[state]}
            aria-label={`${item}: ${LABELS[state].toLowerCase()}`}
          />
        ))}
        {items.length > SHOWN && (
          <Button size="small" onClick={() => setAll(!all)}>
            {all ? 'Show fewer' : `Show all ${items.length}`}
          </Button>
        )}
      </Box>
      {reason && (
        <Typography variant="caption" color="textSecondary" component="p">
          Why not tested: {reason}
        </Typography>
      )}
    </Box>
  );
};
