import { StatusError, StatusOK } from '@backstage/core-components';
import type { SummaryItem } from '@kymaros/plugin-kymaros-common';
import { showDuration } from '../../lib/reportDuration';

/** The latest restored backup's age, and against its RPO target when it had one. */
export const RpoCell = (props: { item: SummaryItem }) => {
  const { rpo, backupAge } = props.item;
  if (!rpo) return <>{showDuration({ text: backupAge })}</>;
  const age = showDuration({ ms: rpo.backupAgeMs, text: rpo.backupAge });
  if (!rpo.target) return <>{age}</>;
  const target = showDuration({ ms: rpo.targetMs, text: rpo.target });
  return rpo.withinTarget ? (
    <StatusOK>
      {age} (target {target})
    </StatusOK>
  ) : (
    <StatusError>
      {age}: over {target} target
    </StatusError>
  );
};
