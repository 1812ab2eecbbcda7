import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { RESULT_DESCRIPTIONS } from '../../lib/result';
import { formatDateTime } from '../../lib/time';
import { ResultChip, ScoreGauge } from '../common';

/** The score gauge, the verdict and when and where the run happened. */
export const ScoreSummaryCard = (props: { report: RestoreReport }) => {
  const { status, metadata } = props.report;
  return (
    <InfoCard title="Restore confidence" variant="fullHeight">
      <Box display="flex" flexDirection="column" alignItems="center">
        <Box width={200}>
          <ScoreGauge score={status.score} result={status.result} />
        </Box>
        <Box my={1}>
          <ResultChip result={status.result} size="medium" />
        </Box>
        <Typography variant="body2" align="center">
          {status.result === 'error'
            ? 'No score. '
            : `${status.score} of 100 points. `}
          {RESULT_DESCRIPTIONS[status.result]}
        </Typography>
        <Typography
          variant="caption"
          color="textSecondary"
          align="center"
          component="p"
        >
          Run of {formatDateTime(status.startedAt)}
          {status.cluster && ` on cluster ${status.cluster}`}
          {status.triggeredBy && `, triggered by ${status.triggeredBy}`}
          <br />
          Report {metadata.name}
        </Typography>
      </Box>
    </InfoCard>
  );
};
