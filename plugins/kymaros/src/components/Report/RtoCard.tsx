import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import type { RtoMeasurement } from '@kymaros/plugin-kymaros-common';
import {
  formatDuration,
  formatSeconds,
  parseDuration,
} from '../../lib/duration';
import { humanize } from '../../lib/text';

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 14,
    borderRadius: 7,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
    margin: theme.spacing(1, 0),
  },
  swatch: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: 2,
    marginRight: theme.spacing(0.5),
  },
}));

const PHASE_COLORS = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#b07aa1',
  '#76b7b2',
  '#edc948',
  '#ff9da7',
  '#9c755f',
  '#e15759',
];

/** Measured restore time against the target, and where the time went. */
export const RtoCard = (props: {
  rto: RtoMeasurement;
  /** False when nothing was restored: there is no recovery time to judge. */
  measured?: boolean;
}) => {
  const classes = useStyles();
  const { rto } = props;
  if (props.measured === false) {
    return (
      <InfoCard title="Recovery time (RTO)" variant="fullHeight">
        <Typography>
          Not measured: nothing was restored in this run
          {rto.target ? ` (target ${formatDuration(rto.target)})` : ''}.
        </Typography>
      </InfoCard>
    );
  }
  const measured = parseDuration(rto.measured);
  const target = parseDuration(rto.target);
  const phases = rto.phases ?? [];
  const phaseTotal = phases.reduce((n, p) => n + p.seconds, 0);
  const whole = Math.max(measured ?? 0, phaseTotal) || 1;
  const rest = measured !== undefined ? measured - phaseTotal : 0;
  const segments = [
    ...phases.map((p, i) => ({
      label: humanize(p.name),
      seconds: p.seconds,
      color: PHASE_COLORS[i % PHASE_COLORS.length],
    })),
    ...(rest >= 1 ? [{ label: 'Other', seconds: rest, color: '#bab0ac' }] : []),
  ];

  let verdict: React.ReactNode;
  if (!rto.target) {
    verdict = (
      <Typography variant="body2" color="textSecondary">
        No RTO target set (kymaros.io/max-rto or the test's sla.maxRTO).
      </Typography>
    );
  } else if (rto.withinSLA) {
    verdict = <StatusOK>Within SLA</StatusOK>;
  } else {
    const over =
      measured !== undefined && target !== undefined && measured > target
        ? ` by ${formatSeconds(measured - target)}`
        : '';
    verdict = <StatusError>Exceeded{over}</StatusError>;
  }

  return (
    <InfoCard title="Recovery time (RTO)" variant="fullHeight">
      <Typography variant="h4" component="p">
        {formatDuration(rto.measured)}
        {rto.target && (
          <Typography variant="h6" component="span" color="textSecondary">
            {' '}
            of {formatDuration(rto.target)} target
          </Typography>
        )}
      </Typography>
      {verdict}
      <Typography variant="caption" color="textSecondary" component="p">
        From restore start to the end of validation.
      </Typography>
      {segments.length > 0 && (
        <Box mt={2}>
          <div className={classes.bar} aria-hidden>
            {segments.map(s => (
              <Tooltip
                key={s.label}
                title={`${s.label}: ${formatSeconds(s.seconds)}`}
              >
                <div
                  style={{
                    width: `${(100 * s.seconds) / whole}%`,
                    backgroundColor: s.color,
                  }}
                />
              </Tooltip>
            ))}
          </div>
          <Box display="flex" flexWrap="wrap" style={{ gap: 16 }}>
            {segments.map(s => (
              <Typography key={s.label} variant="body2">
                <span
                  className={classes.swatch}
                  style={{ backgroundColor: s.color }}
                />
                {s.label}: {formatSeconds(s.seconds)}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
    </InfoCard>
  );
};
