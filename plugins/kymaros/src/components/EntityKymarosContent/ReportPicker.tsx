import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { RESULT_LABELS } from '../../lib/result';
import { formatShortDateTime } from '../../lib/time';

export function reportOptionLabel(report: RestoreReport, latest: boolean) {
  const { status } = report;
  return [
    formatShortDateTime(status.startedAt),
    // A run that could not be evaluated has no score to list.
    status.result === 'error'
      ? `— ${RESULT_LABELS.error}`
      : `— ${status.score} ${RESULT_LABELS[status.result]}`,
    status.regression ? '▼ regression' : '',
    latest ? '(latest)' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** Opens any kept report of the test, newest first. */
export const ReportPicker = (props: {
  reports: RestoreReport[];
  selectedName?: string;
  onSelect: (name: string) => void;
}) => {
  const { reports, selectedName, onSelect } = props;
  if (reports.length === 0) return null;
  return (
    <TextField
      select
      label={`Report (${reports.length} kept)`}
      value={selectedName ?? reports[0].metadata.name}
      onChange={e => onSelect(e.target.value)}
      variant="outlined"
      size="small"
      style={{ minWidth: 300 }}
      SelectProps={{ SelectDisplayProps: { 'aria-label': 'Report' } as any }}
    >
      {reports.map((report, i) => (
        <MenuItem key={report.metadata.name} value={report.metadata.name}>
          {reportOptionLabel(report, i === 0)}
        </MenuItem>
      ))}
    </TextField>
  );
};
