import Typography from '@material-ui/core/Typography';
import { StatusError, StatusOK } from '@backstage/core-components';
import {
  KYMAROS_ANNOTATIONS,
  formatHumanDuration,
  type RpoMeasurement,
} from '@kymaros/plugin-kymaros-common';
import { showDuration } from '../../lib/reportDuration';

/** The backup's age against its RPO target, in words and colour. */
export const RpoVerdict = (props: { rpo: Partial<RpoMeasurement> }) => {
  const { rpo } = props;
  const target = { ms: rpo.targetMs, text: rpo.target };
  if (!rpo.target) {
    return (
      <Typography variant="body2" color="textSecondary">
        No RPO target set ({KYMAROS_ANNOTATIONS.maxRpo}, the test's sla.maxRPO
        or kymaros.maxRPO).
      </Typography>
    );
  }
  if (rpo.withinTarget) {
    return <StatusOK>Within the {showDuration(target)} RPO target</StatusOK>;
  }
  const over =
    rpo.backupAgeMs !== undefined && rpo.targetMs !== undefined
      ? ` by ${formatHumanDuration(rpo.backupAgeMs - rpo.targetMs)}`
      : '';
  return (
    <StatusError>
      Older than the {showDuration(target)} RPO target{over}
    </StatusError>
  );
};
