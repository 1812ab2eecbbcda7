import Typography from '@material-ui/core/Typography';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { levelsOf } from '../../lib/levels';

/**
 * The one reason a run did not pass: why it stopped when it did, else the
 * first level that failed, in report order, in its own words: a restore
 * failure explains missing objects, a pod that never started the checks
 * that failed after it.
 */
export function topReason(status: RestoreReportStatus): string | undefined {
  if (status.result === 'pass' || status.detail) return status.detail;
  const first = levelsOf(status).find(l => l.status === 'fail');
  return first && `${first.title}: ${first.detail}`;
}

const PREFIX: Record<RestoreReportStatus['result'], string> = {
  pass: '',
  partial: 'Why: ',
  fail: 'Why: ',
  error: 'Not evaluated: ',
};

/** The top reason: in the error colour for a verdict against the backup. */
export const TopReason = (props: { status: RestoreReportStatus }) => {
  const { result } = props.status;
  const reason = topReason(props.status);
  if (!reason) return null;
  const verdict = result === 'fail' || result === 'partial';
  return (
    <Typography
      variant="body2"
      color={verdict ? 'error' : 'textPrimary'}
      data-testid="top-reason"
    >
      {PREFIX[result]}
      {reason}
    </Typography>
  );
};
