import { providerTitle } from '@kymaros/plugin-kymaros-common';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusWarning,
  type TableColumn,
} from '@backstage/core-components';
import type { BackupScheduleItem } from '@kymaros/plugin-kymaros-common';
import { ResponsiveTable } from '../common/ResponsiveTable';
import { STATIC_TABLE_OPTIONS } from '../Report/staticTableOptions';
import { BackupAge } from './BackupAge';

const Caption = (props: { children: React.ReactNode }) => (
  <Typography variant="caption" color="textSecondary" component="div">
    {props.children}
  </Typography>
);

/** Paused and broken are both why no backup is being taken; either is shown, else Active. */
const ScheduleState = (props: { schedule: BackupScheduleItem }) => {
  const { paused, problem } = props.schedule;
  if (!paused && !problem) return <StatusOK>Active</StatusOK>;
  return (
    <>
      {paused && <StatusWarning>Paused</StatusWarning>}
      {problem && <StatusError>{problem}</StatusError>}
    </>
  );
};

const columns: TableColumn<BackupScheduleItem>[] = [
  {
    title: 'Schedule',
    width: '20%',
    render: s => (
      <>
        <strong>
          {s.namespace}/{s.name}
        </strong>
        <Caption>
          {providerTitle(s.provider)} {s.kind}
        </Caption>
      </>
    ),
  },
  {
    title: 'Runs',
    width: '10%',
    render: s => (s.cron ? <code>{s.cron}</code> : '—'),
  },
  { title: 'Keeps', width: '12%', render: s => s.retention ?? '—' },
  {
    title: 'Namespaces',
    width: '13%',
    render: s => s.namespaces.join(', '),
  },
  {
    title: 'Last success',
    width: '17%',
    render: s =>
      s.lastSuccess ? (
        <>
          <BackupAge at={s.lastSuccess.at} />
          <Caption>{s.lastSuccess.name}</Caption>
        </>
      ) : (
        'None yet'
      ),
  },
  {
    title: 'Last failure',
    width: '16%',
    render: s =>
      s.lastFailure ? (
        <>
          <BackupAge at={s.lastFailure.at} />
          <Caption>
            {s.lastFailure.reason
              ? `${s.lastFailure.name}: ${s.lastFailure.reason}`
              : s.lastFailure.name}
          </Caption>
        </>
      ) : (
        'None'
      ),
  },
  {
    title: 'State',
    width: '12%',
    render: s => <ScheduleState schedule={s} />,
  },
];

/** The provider's schedules that back up some of the test's namespaces. */
export const ScheduleTable = (props: {
  schedules: BackupScheduleItem[];
  provider: string;
}) => (
  <ResponsiveTable<BackupScheduleItem>
    title="Schedules"
    subtitle={`The ${providerTitle(
      props.provider,
    )} schedules that back up these namespaces; ages are from now, the time is on hover`}
    columns={columns}
    data={props.schedules}
    options={STATIC_TABLE_OPTIONS}
    emptyContent={
      <Typography style={{ padding: 16 }}>
        No {providerTitle(props.provider)} schedule backs up these namespaces.
      </Typography>
    }
  />
);
