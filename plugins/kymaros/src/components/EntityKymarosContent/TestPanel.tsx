import Grid from '@material-ui/core/Grid';
import { Progress } from '@backstage/core-components';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { useRestoreTest } from '../../hooks/useRestoreTest';
import { BackendError } from '../common';
import { EntityBackupCoverage } from '../EntityBackupCoverage';
import { ReportView } from '../Report';
import { InvalidDefinition } from './InvalidDefinition';
import { NoRunYet } from './NoRunYet';
import { RunFinishedNotice } from './RunFinishedNotice';
import { TestStatusCard } from './TestStatusCard';

/** One restore test: its status and "Run now", then the report picked (newest by default). */
export const TestPanel = (props: {
  test: RestoreTestItem;
  pollIntervalMs?: number;
}) => {
  const state = useRestoreTest(props.test, props.pollIntervalMs);
  const { test, selected } = state;

  let body: React.ReactNode;
  if (test.status.error) {
    body = <InvalidDefinition test={test} />;
  } else if (state.reportsLoading) {
    body = <Progress />;
  } else if (state.reportsError) {
    body = (
      <BackendError error={state.reportsError} onRetry={state.retryReports} />
    );
  } else if (!selected) {
    body = <NoRunYet test={test} />;
  } else {
    body = (
      <ReportView
        report={selected}
        history={state.reports}
        onSelectReport={state.select}
        maxRpo={test.spec?.sla?.maxRPO}
      />
    );
  }

  return (
    <Grid container spacing={3}>
      {state.finishedRun && (
        <Grid item xs={12}>
          <RunFinishedNotice
            run={state.finishedRun}
            onClose={state.dismissFinished}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <TestStatusCard state={state} />
      </Grid>
      {!test.status.error && (
        <Grid item xs={12}>
          <EntityBackupCoverage test={test} />
        </Grid>
      )}
      <Grid item xs={12}>
        {body}
      </Grid>
    </Grid>
  );
};
