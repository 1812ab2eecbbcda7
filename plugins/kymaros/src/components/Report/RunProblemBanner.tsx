import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';

/**
 * Why a run ended early or could not be evaluated, shown above everything
 * else: the exact reason from the report's `detail`.
 */
export const RunProblemBanner = (props: { status: RestoreReportStatus }) => {
  const { result, detail } = props.status;
  if (result === 'error') {
    return (
      <Alert severity="warning" variant="outlined">
        <AlertTitle>This run could not be evaluated</AlertTitle>
        <strong>{detail ?? 'The run ended without a reason.'}</strong>
        <br />
        This is not a verdict on the backup: the cluster, permissions or the
        backend failed. Fix the cause and run the test again.
      </Alert>
    );
  }
  if (!detail) return null;
  return (
    <Alert
      severity={result === 'fail' ? 'error' : 'info'}
      variant={result === 'fail' ? 'filled' : 'outlined'}
    >
      <AlertTitle>
        {result === 'fail' ? 'Why this run failed' : 'Note from this run'}
      </AlertTitle>
      {detail}
    </Alert>
  );
};
