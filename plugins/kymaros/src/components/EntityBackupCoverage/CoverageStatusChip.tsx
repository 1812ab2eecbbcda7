import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { BackupCoverageStatus } from '@kymaros/plugin-kymaros-common';
import { COVERAGE_DESCRIPTIONS, COVERAGE_LABELS } from './coverageStatus';

const useStyles = makeStyles(theme => ({
  covered: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  'no-schedule': {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  failing: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  stale: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  unknown: {
    backgroundColor: theme.palette.grey[700],
    color: theme.palette.common.white,
  },
}));

/** A backup coverage status as a coloured chip, explained on hover. */
export const CoverageStatusChip = (props: {
  status: BackupCoverageStatus;
  size?: 'small' | 'medium';
}) => {
  const classes = useStyles();
  return (
    <Tooltip title={COVERAGE_DESCRIPTIONS[props.status]}>
      <Chip
        size={props.size ?? 'small'}
        label={COVERAGE_LABELS[props.status]}
        className={classes[props.status]}
        data-testid={`coverage-${props.status}`}
      />
    </Tooltip>
  );
};
