import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { showDuration } from '../../lib/reportDuration';
import { reportRpo } from '../../lib/rpo';
import { formatDateTime } from '../../lib/time';
import { RpoVerdict } from './RpoVerdict';

/** Which backup was restored, how old it was against the RPO target, its size, and where it went. */
export const BackupCard = (props: {
  status: RestoreReportStatus;
  /** The test's RPO target now, for reports stored before they carried their own. */
  maxRpo?: string;
}) => {
  const { backup, sandboxes, cluster, provider } = props.status;
  if (!backup?.name) {
    return (
      <InfoCard title="Backup age (RPO)" variant="fullHeight">
        <Typography>No backup was restored in this run.</Typography>
      </InfoCard>
    );
  }
  const rpo = reportRpo(props.status, props.maxRpo);

  const metadata: Record<string, React.ReactNode> = {
    Name: <code>{backup.name}</code>,
    Size: backup.size || '—',
  };
  if (backup.completedAt) {
    metadata['Taken at'] = formatDateTime(backup.completedAt);
  }
  if (backup.phase) {
    metadata['Backup phase'] =
      backup.phase === 'Completed' ? (
        <StatusOK>{backup.phase}</StatusOK>
      ) : (
        <StatusWarning>
          {backup.phase}: some items were not backed up
        </StatusWarning>
      );
  }
  if (provider) metadata.Provider = provider;
  if (cluster) metadata['Restored into cluster'] = cluster;
  if (sandboxes?.length) {
    metadata.Sandboxes = sandboxes.map(s => `${s.source} → ${s.sandbox}`);
  }

  return (
    <InfoCard title="Backup age (RPO)" variant="fullHeight">
      <Box data-testid="rpo">
        <Typography variant="h4" component="p">
          {showDuration({ ms: rpo?.backupAgeMs, text: backup.age })}
          <Typography variant="h6" component="span" color="textSecondary">
            {' '}
            old at restore
            {rpo?.target &&
              `, of ${showDuration({
                ms: rpo.targetMs,
                text: rpo.target,
              })} target`}
          </Typography>
        </Typography>
        {rpo && <RpoVerdict rpo={rpo} />}
        <Typography variant="caption" color="textSecondary" component="p">
          The data a restore brings back is this old. An older backup than the
          target is flagged; it does not change the score.
        </Typography>
      </Box>
      <Box mt={2}>
        <StructuredMetadataTable
          metadata={metadata}
          dense
          options={{ titleFormat: key => key }}
        />
      </Box>
    </InfoCard>
  );
};
