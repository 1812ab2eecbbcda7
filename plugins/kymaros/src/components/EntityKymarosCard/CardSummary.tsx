import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  StatusError,
  StatusOK,
  StatusRunning,
} from '@backstage/core-components';
import type {
  RestoreReport,
  RestoreResult,
  RestoreTestItem,
} from '@kymaros/plugin-kymaros-common';
import { showDuration } from '../../lib/reportDuration';
import { rtoMeasured } from '../../lib/result';
import { reportRpo } from '../../lib/rpo';
import { stepLabel } from '../../lib/text';
import { InlineFact, RelativeTime, ResultChip, ScoreGauge } from '../common';
import { TopReason } from './TopReason';

/**
 * An RTO within its target is a green mark only beside a passing verdict:
 * next to a failed run it is a plain fact, so that no green reads as "fine".
 */
const RtoVerdict = (props: { result: RestoreResult; within: boolean }) => {
  if (!props.within) return <StatusError>over target</StatusError>;
  if (props.result === 'pass') return <StatusOK>within target</StatusOK>;
  return <>(within target)</>;
};

/** The backup age against its RPO target, by the same rule: red when older, green only beside a pass. */
const RpoMark = (props: {
  result: RestoreResult;
  target: string;
  within: boolean;
}) => {
  if (!props.within)
    return <StatusError> older than the {props.target} RPO target</StatusError>;
  const text = ` within the ${props.target} RPO target`;
  return props.result === 'pass' ? <StatusOK>{text}</StatusOK> : <>{text}</>;
};

/** Score, verdict, top reason, RTO, backup age and last run of one test's latest report. */
export const CardSummary = (props: {
  test: RestoreTestItem;
  report?: RestoreReport;
}) => {
  const { test, report } = props;
  const { status } = test;
  if (status.error) {
    return (
      <>
        <ResultChip result="invalid" />
        <Typography variant="body2" color="error" style={{ marginTop: 8 }}>
          {status.error}
        </Typography>
      </>
    );
  }
  const running = status.phase === 'Running' && (
    <Box mt={1}>
      <StatusRunning>Run in progress: {stepLabel(status.step)}</StatusRunning>
    </Box>
  );
  if (!report) {
    return (
      <>
        <ResultChip result="never" />
        <InlineFact label="Next run">
          <RelativeTime value={status.nextRunAt} />
        </InlineFact>
        {running}
      </>
    );
  }
  const { rto, backup, regression, result, score } = report.status;
  const rpo = reportRpo(report.status, test.spec?.sla?.maxRPO);
  return (
    <Box display="flex" alignItems="center" style={{ gap: 16 }}>
      <Box width={110} flexShrink={0}>
        <ScoreGauge score={score} result={result} size="small" />
      </Box>
      <Box>
        <ResultChip result={result} />
        <InlineFact label="RTO">
          {rtoMeasured({ result, restoredBackup: backup.name }) ? (
            <>
              {showDuration({ ms: rto.measuredMs, text: rto.measured })}
              {rto.target &&
                ` of ${showDuration({ ms: rto.targetMs, text: rto.target })} `}
              {rto.target && (
                <RtoVerdict result={result} within={rto.withinSLA} />
              )}
            </>
          ) : (
            'not measured'
          )}
        </InlineFact>
        <InlineFact label="Backup age (RPO)">
          {backup.name ? (
            <>
              <span>
                {showDuration({ ms: backup.ageMs, text: backup.age })}
              </span>
              {rpo?.target && (
                <RpoMark
                  result={result}
                  target={showDuration({ ms: rpo.targetMs, text: rpo.target })}
                  within={rpo.withinTarget !== false}
                />
              )}
            </>
          ) : (
            'no backup restored'
          )}
        </InlineFact>
        <InlineFact label="Last run">
          <RelativeTime value={status.lastRunAt ?? report.status.startedAt} />
        </InlineFact>
        {regression && (
          <Typography variant="body2" color="error">
            ▼ Regression: {regression.previousScore} → {score}
          </Typography>
        )}
        <TopReason status={report.status} />
        {running}
      </Box>
    </Box>
  );
};
