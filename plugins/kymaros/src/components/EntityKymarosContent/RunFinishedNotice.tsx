import Alert from '@material-ui/lab/Alert';
import type { RestoreResult } from '@kymaros/plugin-kymaros-common';
import type { FinishedRun } from '../../hooks/useRestoreTest';
import { RESULT_LABELS } from '../../lib/result';
import { formatDateTime } from '../../lib/time';

const SEVERITY: Record<RestoreResult, 'success' | 'warning' | 'error'> = {
  pass: 'success',
  partial: 'warning',
  fail: 'error',
  error: 'warning',
};

/** What the run found, as one line; an error run has no score to give. */
function outcome(run: FinishedRun): string {
  if (!run.lastResult) return 'its report is below';
  const label = RESULT_LABELS[run.lastResult];
  if (run.lastResult === 'error' || run.lastScore === undefined)
    return `${label}; its report is below`;
  return `${label}, score ${run.lastScore}/100; its report is below`;
}

/** Says that a run ended while the page was open, and what it found. */
export const RunFinishedNotice = (props: {
  run: FinishedRun;
  onClose?: () => void;
}) => {
  const { run } = props;
  return (
    <Alert
      severity={run.lastResult ? SEVERITY[run.lastResult] : 'info'}
      onClose={props.onClose}
    >
      Run finished
      {run.lastRunAt ? ` at ${formatDateTime(run.lastRunAt)}` : ''}:{' '}
      {outcome(run)}.
    </Alert>
  );
};
