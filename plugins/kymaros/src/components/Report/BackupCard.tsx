import Typography from '@material-ui/core/Typography';
import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
  StructuredMetadataTable,
} from '@backstage/core-components';
import type { RestoreReportStatus } from '@kymaros/plugin-kymaros-common';
import { durationMs, showDuration } from '../../lib/reportDuration';
import { formatDateTime } from '../../lib/time';

/** Which backup was restored, how old it was (RPO), its size, and where it went. */
export const BackupCard = (props: {
  status: RestoreReportStatus;
  /** The test's RPO target, to judge the backup's age. */
  maxRpo?: string;
}) => {
  const { backup, sandboxes, cluster, provider } = props.status;
  if (!backup?.name) {
    return (
      <InfoCard title="Backup" variant="fullHeight">
        <Typography>No backup was restored in this run.</Typography>
      </InfoCard>
    );
  }

  const age = { ms: backup.ageMs, text: backup.age };
  const rpo = { text: props.maxRpo };
  const ageMs = durationMs(age);
  const rpoMs = durationMs(rpo);
  let ageVerdict: React.ReactNode = null;
  if (ageMs !== undefined && rpoMs !== undefined) {
    ageVerdict =
      ageMs <= rpoMs ? (
        <StatusOK>Within the {showDuration(rpo)} RPO target</StatusOK>
      ) : (
        <StatusError>Older than the {showDuration(rpo)} RPO target</StatusError>
      );
  }

  const metadata: Record<string, React.ReactNode> = {
    Name: <code>{backup.name}</code>,
    'Age at restore': (
      <>
        {showDuration(age)} {ageVerdict}
      </>
    ),
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
    <InfoCard title="Backup restored" variant="fullHeight">
      <StructuredMetadataTable
        metadata={metadata}
        dense
        options={{ titleFormat: key => key }}
      />
    </InfoCard>
  );
};
