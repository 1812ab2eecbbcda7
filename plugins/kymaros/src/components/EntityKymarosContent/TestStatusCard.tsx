import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard, Progress } from '@backstage/core-components';
import type { RestoreTestState } from '../../hooks/useRestoreTest';
import { stepLabel } from '../../lib/text';
import { describeZone, formatRelative } from '../../lib/time';
import { Fact, RelativeTime } from '../common';
import { DefinitionWarnings } from './DefinitionWarnings';
import { ReportPicker } from './ReportPicker';
import { RunNowButton } from './RunNowButton';
import { runErrorMessage } from './runErrorMessage';

/** `schedule 0 3 * * * (Europe/Brussels, CET)`: which 03:00 the cron means. */
function scheduleText(cron: string, zone?: string): string {
  return `schedule ${cron}${zone ? ` (${describeZone(zone)})` : ''}`;
}

/** The test itself: where it comes from, last and next run, a run in flight, "Run now". */
export const TestStatusCard = (props: { state: RestoreTestState }) => {
  const { test, reports, selected, select, awaitingRun, runError, pollError } =
    props.state;
  const { status, spec } = test;
  const running = status.phase === 'Running';
  const scheduleZone = status.scheduleTimeZone ?? spec?.schedule.timezone;

  let unavailable: string | undefined;
  if (status.error) unavailable = 'Fix the definition first.';
  else if (running || awaitingRun) unavailable = 'A run is in progress.';

  const subheader = [
    `Defined in ${test.source}${
      test.namespace ? ` (namespace ${test.namespace})` : ''
    }`,
    spec?.cluster && `cluster ${spec.cluster}`,
    spec?.backupSource.provider,
    spec && scheduleText(spec.schedule.cron, scheduleZone),
    spec?.sla?.maxRTO && `RTO target ${spec.sla.maxRTO}`,
    spec?.sla?.maxRPO && `RPO target ${spec.sla.maxRPO}`,
  ]
    .filter(Boolean)
    .join(' · ');

  return (
    <InfoCard
      title={`Restore test ${test.name}`}
      subheader={subheader}
      action={
        <Box mt={1} mr={1}>
          <RunNowButton
            entityRef={test.entityRef}
            onRun={props.state.runNow}
            unavailableReason={unavailable}
          />
        </Box>
      }
    >
      <Grid container alignItems="center" spacing={2}>
        <Grid item>
          <Box display="flex">
            <Fact label="Last run">
              <RelativeTime value={status.lastRunAt} fallback="Never" />
            </Fact>
            <Fact label="Next run">
              <RelativeTime
                value={status.nextRunAt}
                fallback={status.error ? 'Not scheduled' : '—'}
              />
            </Fact>
          </Box>
        </Grid>
        <Grid item>
          <ReportPicker
            reports={reports}
            selectedName={selected?.metadata.name}
            onSelect={select}
          />
        </Grid>
      </Grid>
      {(running || awaitingRun) && (
        <Box mt={2} role="status">
          <Typography variant="body2" gutterBottom>
            {running ? (
              <>
                <strong>Run in progress:</strong> {stepLabel(status.step)}
                {status.runStartedAt &&
                  ` (started ${formatRelative(status.runStartedAt)})`}
              </>
            ) : (
              <>
                <strong>Run requested:</strong> waiting for it to start
              </>
            )}
          </Typography>
          <Progress />
        </Box>
      )}
      {test.warnings?.length ? (
        <Box mt={2}>
          <DefinitionWarnings warnings={test.warnings} />
        </Box>
      ) : null}
      {runError && (
        <Box mt={2}>
          <Alert severity="error">
            {runErrorMessage(runError, test.entityRef)}
          </Alert>
        </Box>
      )}
      {pollError && (
        <Typography variant="caption" color="error" component="p">
          Lost contact with the backend ({pollError.message}); still trying.
        </Typography>
      )}
    </InfoCard>
  );
};
