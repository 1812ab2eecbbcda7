import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { Gauge, type GaugePropsGetColor } from '@backstage/core-components';
import {
  SCORE_THRESHOLDS,
  type RestoreResult,
} from '@kymaros/plugin-kymaros-common';

const scoreColor: GaugePropsGetColor = ({ palette, value }) => {
  if (value >= SCORE_THRESHOLDS.pass) return palette.status.ok;
  if (value >= SCORE_THRESHOLDS.partial) return palette.status.warning;
  return palette.status.error;
};

/**
 * The 0–100 restore confidence score as a gauge with the pass/partial/fail
 * colours. A run that could not be evaluated has no score: "—", not 0.
 */
export const ScoreGauge = (props: {
  score: number;
  result?: RestoreResult;
  size?: 'normal' | 'small';
}) => {
  if (props.result === 'error') {
    return (
      <Box
        role="img"
        aria-label="No restore confidence score: the run could not be evaluated"
        display="flex"
        flexDirection="column"
        alignItems="center"
        justifyContent="center"
        style={{ aspectRatio: '1', borderRadius: '50%' }}
        border={props.size === 'small' ? 6 : 10}
        borderColor="action.disabledBackground"
      >
        <Typography
          variant={props.size === 'small' ? 'h5' : 'h3'}
          component="span"
          color="textSecondary"
        >
          —
        </Typography>
        <Typography variant="caption" color="textSecondary">
          no score
        </Typography>
      </Box>
    );
  }
  return (
    <div
      role="img"
      aria-label={`Restore confidence score ${props.score} out of 100`}
    >
      <Gauge
        value={props.score}
        fractional={false}
        max={100}
        unit=""
        size={props.size}
        getColor={scoreColor}
      />
    </div>
  );
};
