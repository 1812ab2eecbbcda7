import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { RestoreResult } from '@kymaros/plugin-kymaros-common';
import {
  OUTCOME_LABELS,
  RESULT_DESCRIPTIONS,
  type Outcome,
} from '../../lib/result';

const useStyles = makeStyles(theme => ({
  pass: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  partial: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  fail: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  error: {
    backgroundColor: theme.palette.grey[700],
    color: theme.palette.common.white,
  },
  invalid: {
    backgroundColor: theme.palette.error.dark,
    color: theme.palette.error.contrastText,
  },
  never: {},
}));

const DESCRIPTIONS: Record<Outcome, string> = {
  ...RESULT_DESCRIPTIONS,
  invalid: 'The restore test definition is invalid, so nothing is tested.',
  never: 'No run has finished yet.',
};

/** pass / partial / fail / error as a coloured chip, explained on hover. */
export const ResultChip = (props: {
  result: RestoreResult | Outcome;
  size?: 'small' | 'medium';
}) => {
  const classes = useStyles();
  const { result, size = 'small' } = props;
  return (
    <Tooltip title={DESCRIPTIONS[result]}>
      <Chip
        size={size}
        label={OUTCOME_LABELS[result]}
        className={classes[result]}
        data-testid={`result-${result}`}
      />
    </Tooltip>
  );
};
