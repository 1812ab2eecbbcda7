import Typography from '@material-ui/core/Typography';
import { SubvalueCell, type TableColumn } from '@backstage/core-components';
import type {
  CheckResult,
  RestoreReportStatus,
} from '@kymaros/plugin-kymaros-common';
import { showDuration } from '../../lib/reportDuration';
import { StatusLabel } from '../common';
import { STATIC_TABLE_OPTIONS } from './staticTableOptions';
import { ResponsiveTable } from '../common/ResponsiveTable';

const columns: TableColumn<CheckResult>[] = [
  {
    title: 'Check',
    width: '22%',
    field: 'name',
    render: check => (
      <SubvalueCell
        value={<strong>{check.name}</strong>}
        subvalue={[check.type, check.namespace].filter(Boolean).join(' · ')}
      />
    ),
  },
  {
    title: 'Status',
    width: '12%',
    field: 'status',
    render: check => <StatusLabel status={check.status} />,
  },
  {
    title: 'Duration',
    width: '10%',
    field: 'duration',
    render: check =>
      showDuration({ ms: check.durationMs, text: check.duration }),
  },
  {
    title: 'Message',
    field: 'message',
    width: '56%',
    render: check => (
      <>
        {check.message}
        {check.attempts &&
        check.attempts > 1 &&
        !/attempt/i.test(check.message) ? (
          <Typography variant="caption" color="textSecondary" component="div">
            after {check.attempts} attempts
          </Typography>
        ) : null}
      </>
    ),
  },
];

function emptyMessage(status: RestoreReportStatus): string {
  if (status.detail || status.result === 'error') {
    return 'No health checks ran: the run stopped before them.';
  }
  return 'This test has no health checks, so Application health earns 0 points. Add checks (a HealthCheckPolicy named by kymaros.io/health-check-policy, or healthChecks in the RestoreTest) to prove the restored app actually works.';
}

/** Every health check of the run, in the order they ran. */
export const ChecksTable = (props: { status: RestoreReportStatus }) => {
  const { checks } = props.status;
  const passed = checks.filter(c => c.status === 'pass').length;
  return (
    <ResponsiveTable<CheckResult>
      title="Health checks"
      subtitle={
        checks.length
          ? `${passed} of ${checks.length} passed; a skipped check counts as not passed`
          : undefined
      }
      columns={columns}
      data={checks}
      options={STATIC_TABLE_OPTIONS}
      emptyContent={
        <Typography style={{ padding: 16 }}>
          {emptyMessage(props.status)}
        </Typography>
      }
    />
  );
};
