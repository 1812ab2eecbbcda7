import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { InfoCard, StatusError, StatusOK } from '@backstage/core-components';
import type { RtoMeasurement } from '@kymaros/plugin-kymaros-common';
import { formatHumanDuration } from '@kymaros/plugin-kymaros-common';
import { durationMs, showDuration } from '../../lib/reportDuration';
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
  /** The run's verdict was a pass: only then is a time within target good news. */
  passed?: boolean;
}) => {
  const classes = useStyles();
  const { rto } = props;
  const target = { ms: rto.targetMs, text: rto.target };
  if (props.measured === false) {
    return (
      <InfoCard title="Recovery time (RTO)" variant="fullHeight">
        <Typography>
          Not measured: nothing was restored in this run
          {rto.target ? ` (target ${showDuration(target)})` : ''}.
        </Typography>
      </InfoCard>
    );
  }
  const measured = { ms: rto.measuredMs, text: rto.measured };
  const measuredMs = durationMs(measured);
  const targetMs = durationMs(target);
  const phases = rto.phases ?? [];
  const phaseTotalMs = phases.reduce((n, p) => n + p.seconds * 1000, 0);
  const wholeMs = Math.max(measuredMs ?? 0, phaseTotalMs) || 1;
  const restMs = measuredMs !== undefined ? measuredMs - phaseTotalMs : 0;
  const segments = [
    ...phases.map((p, i) => ({
      label: humanize(p.name),
      ms: p.seconds * 1000,
      color: PHASE_COLORS[i % PHASE_COLORS.length],
    })),
    ...(restMs >= 1000
      ? [{ label: 'Other', ms: restMs, color: '#bab0ac' }]
      : []),
  ];

  let verdict: React.ReactNode;
  if (!rto.target) {
    verdict = (
      <Typography variant="body2" color="textSecondary">
        No RTO target set (kymaros.io/max-rto or the test's sla.maxRTO).
      </Typography>
    );
  } else if (rto.withinSLA && props.passed === false) {
    // A fast restore of something that does not work recovered nothing.
    verdict = (
      <Typography variant="body2">
        Within target, but the restore did not pass: the service would not have
        been back in that time.
      </Typography>
    );
  } else if (rto.withinSLA) {
    verdict = <StatusOK>Within SLA</StatusOK>;
  } else {
    const over =
      measuredMs !== undefined &&
      targetMs !== undefined &&
      measuredMs > targetMs
        ? ` by ${formatHumanDuration(measuredMs - targetMs)}`
        : '';
    verdict = <StatusError>Exceeded{over}</StatusError>;
  }

  return (
    <InfoCard title="Recovery time (RTO)" variant="fullHeight">
      <Typography variant="h4" component="p">
        {showDuration(measured)}
        {rto.target && (
          <Typography variant="h6" component="span" color="textSecondary">
            {' '}
            of {showDuration(target)} target
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
                title={`${s.label}: ${formatHumanDuration(s.ms)}`}
              >
                <div
                  style={{
                    width: `${(100 * s.ms) / wholeMs}%`,
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
                {s.label}: {formatHumanDuration(s.ms)}
              </Typography>
            ))}
          </Box>
        </Box>
      )}
    </InfoCard>
  );
};
