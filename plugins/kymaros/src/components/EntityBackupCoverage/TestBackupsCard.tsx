import { providerTitle } from '@kymaros/plugin-kymaros-common';
import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import { formatRelative } from '../../lib/time';
import { BackupAttemptNotice } from './BackupAttemptNotice';
import { BackUpNowButton, type BackupAttempt } from './BackUpNowButton';
import { listWords } from './backupTarget';
import { CoverageStatusChip } from './CoverageStatusChip';
import { ScheduleTable } from './ScheduleTable';

function subheader(coverage: BackupCoverage): string {
  return [
    `${providerTitle(coverage.provider)} in cluster ${coverage.cluster}`,
    coverage.rpoTarget && `RPO target ${coverage.rpoTarget}`,
    `checked ${formatRelative(coverage.checkedAt)}`,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** How a test's namespaces are backed up: status, the namespaces left out, the schedules, "Back up now". */
export const TestBackupsCard = (props: {
  coverage: BackupCoverage;
  /** Called after a backup was created, to read the coverage again. */
  onBackupCreated?: () => void;
}) => {
  const { coverage, onBackupCreated } = props;
  const [attempt, setAttempt] = useState<BackupAttempt>();
  const onDone = (done: BackupAttempt) => {
    setAttempt(done);
    if ('created' in done) onBackupCreated?.();
  };
  return (
    <section aria-label={`Backups of restore test ${coverage.testName}`}>
      <InfoCard
        title="Backups"
        subheader={subheader(coverage)}
        action={
          coverage.canBackUpNow ? (
            <Box mt={1} mr={1}>
              <BackUpNowButton coverage={coverage} onDone={onDone} />
            </Box>
          ) : undefined
        }
      >
        <Box display="flex" alignItems="center" flexWrap="wrap" gridGap={8}>
          <CoverageStatusChip status={coverage.status} size="medium" />
          <Typography variant="body1">{coverage.detail}</Typography>
        </Box>
        {coverage.uncovered.length > 0 && (
          <Box mt={2}>
            <Alert severity="error">
              No backup schedule covers{' '}
              {coverage.uncovered.length === 1 ? 'namespace' : 'namespaces'}{' '}
              <strong>{listWords(coverage.uncovered)}</strong>: a restore could
              only bring back an old backup of it, or none.
            </Alert>
          </Box>
        )}
        {attempt && (
          <Box mt={2}>
            <BackupAttemptNotice
              attempt={attempt}
              coverage={coverage}
              onClose={() => setAttempt(undefined)}
            />
          </Box>
        )}
        {/* Without schedules the sentence and the call-out above say all there is. */}
        {coverage.schedules.length > 0 && (
          <Box mt={2}>
            <ScheduleTable
              schedules={coverage.schedules}
              provider={coverage.provider}
            />
          </Box>
        )}
      </InfoCard>
    </section>
  );
};
