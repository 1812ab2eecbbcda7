import Typography from '@material-ui/core/Typography';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { formatHumanDuration } from '@kymaros/plugin-kymaros-common';
import { durationMs, showDuration } from '../../lib/reportDuration';
import { RESULT_LABELS } from '../../lib/result';
import { formatDateTime } from '../../lib/time';

/** The RTO against its target, in words. */
function rtoText(rto: RestoreReport['status']['rto']): string {
  const measured = { ms: rto.measuredMs, text: rto.measured };
  const target = { ms: rto.targetMs, text: rto.target };
  const measuredMs = durationMs(measured);
  const targetMs = durationMs(target);
  if (measuredMs === undefined || targetMs === undefined)
    return `RTO ${showDuration(measured)}, no target`;
  return measuredMs > targetMs
    ? `RTO ${showDuration(measured)}, ${formatHumanDuration(
        measuredMs - targetMs,
      )} over its ${showDuration(target)} target`
    : `RTO ${showDuration(measured)}, within its ${showDuration(
        target,
      )} target`;
}

/** What the selected point of the history chart stands for, in one line. */
export function runDetail(report: RestoreReport): string {
  const { status } = report;
  const parts = [
    `Run of ${formatDateTime(status.startedAt)}`,
    status.result === 'error'
      ? `no score (${RESULT_LABELS.error})`
      : `score ${status.score} (${RESULT_LABELS[status.result]})`,
    rtoText(status.rto),
  ];
  if (status.rpo?.target) {
    parts.push(
      `backup ${status.rpo.backupAge} old, ${
        status.rpo.withinTarget ? 'within' : 'older than'
      } its ${status.rpo.target} RPO target`,
    );
  }
  if (status.regression) {
    parts.push(
      `regression from ${status.regression.previousScore} (${status.regression.scoreDelta})`,
    );
  }
  return parts.join(' · ');
}

/** The selected run, explained under the chart. */
export const HistoryRunDetail = (props: { report?: RestoreReport }) =>
  props.report ? (
    <Typography variant="body2" data-testid="history-selected-run">
      <strong>Selected:</strong> {runDetail(props.report)}
    </Typography>
  ) : null;
