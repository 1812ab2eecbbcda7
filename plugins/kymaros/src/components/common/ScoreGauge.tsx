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

/** A run that could not be evaluated is grey: its score is no verdict. */
const notEvaluatedColor: GaugePropsGetColor = ({ palette }) =>
  palette.status.aborted;

/** The 0–100 restore confidence score as a gauge with the pass/partial/fail colours. */
export const ScoreGauge = (props: {
  score: number;
  result?: RestoreResult;
  size?: 'normal' | 'small';
}) => (
  <div
    role="img"
    aria-label={`Restore confidence score ${props.score} out of 100${
      props.result === 'error' ? ' (not evaluated)' : ''
    }`}
  >
    <Gauge
      value={props.score}
      fractional={false}
      max={100}
      unit=""
      size={props.size}
      getColor={props.result === 'error' ? notEvaluatedColor : scoreColor}
    />
  </div>
);
