import Grid from '@material-ui/core/Grid';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { rtoMeasured } from '../../lib/result';
import { BackupCard } from './BackupCard';
import { ChecksTable } from './ChecksTable';
import { CompletenessTable } from './CompletenessTable';
import { EvidenceCard } from './EvidenceCard';
import { HistoryChart } from './HistoryChart';
import { RegressionBanner } from './RegressionBanner';
import { RtoCard } from './RtoCard';
import { RunProblemBanner } from './RunProblemBanner';
import { SandboxFidelitySection } from './SandboxFidelitySection';
import { ScoreSummaryCard } from './ScoreSummaryCard';
import { ValidationLevelsCard } from './ValidationLevelsCard';
import { WhatToFixCard } from './WhatToFixCard';

/** Everything one RestoreReport says, most important first. */
export const ReportView = (props: {
  report: RestoreReport;
  /** The test's kept reports, newest first, for the history chart. */
  history: RestoreReport[];
  onSelectReport: (name: string) => void;
  maxRpo?: string;
}) => {
  const { report, history, onSelectReport } = props;
  const { status } = report;
  const previousKept = history.some(
    r => r.metadata.name === status.regression?.previousReport,
  );
  return (
    <Grid container spacing={3} alignItems="stretch">
      {(status.detail || status.result === 'error') && (
        <Grid item xs={12}>
          <RunProblemBanner status={status} />
        </Grid>
      )}
      {status.regression && (
        <Grid item xs={12}>
          <RegressionBanner
            status={status}
            onOpenPrevious={previousKept ? onSelectReport : undefined}
          />
        </Grid>
      )}
      <Grid item xs={12} md={4}>
        <ScoreSummaryCard report={report} />
      </Grid>
      <Grid item xs={12} md={8}>
        <WhatToFixCard report={report} />
      </Grid>
      <Grid item xs={12} md={6}>
        <RtoCard
          rto={status.rto}
          measured={rtoMeasured({
            result: status.result,
            restoredBackup: status.backup?.name,
          })}
          passed={status.result === 'pass'}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <BackupCard status={status} maxRpo={props.maxRpo} />
      </Grid>
      <Grid item xs={12}>
        <ValidationLevelsCard status={status} />
      </Grid>
      <Grid item xs={12}>
        <ChecksTable status={status} />
      </Grid>
      <Grid item xs={12}>
        <CompletenessTable status={status} />
      </Grid>
      {status.sandboxFidelity && (
        <Grid item xs={12}>
          <SandboxFidelitySection status={status} />
        </Grid>
      )}
      <Grid item xs={12}>
        <EvidenceCard
          key={report.metadata.name}
          reportName={report.metadata.name}
        />
      </Grid>
      <Grid item xs={12}>
        <HistoryChart
          reports={history}
          selectedName={report.metadata.name}
          onSelect={onSelectReport}
        />
      </Grid>
    </Grid>
  );
};
