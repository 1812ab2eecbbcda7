import { providerTitle } from '@kymaros/plugin-kymaros-common';
import Alert from '@material-ui/lab/Alert';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';
import type { BackupAttempt } from './BackUpNowButton';
import { backupErrorMessage } from './backupErrorMessage';
import { listWords } from './backupTarget';

/** Says which backup "Back up now" created, or why it did not. */
export const BackupAttemptNotice = (props: {
  attempt: BackupAttempt;
  coverage: BackupCoverage;
  onClose: () => void;
}) => {
  const { attempt, coverage, onClose } = props;
  if ('error' in attempt) {
    return (
      <Alert severity="error" onClose={onClose}>
        {backupErrorMessage(attempt.error, coverage)}
      </Alert>
    );
  }
  const { created } = attempt;
  return (
    <Alert severity="success" onClose={onClose}>
      {providerTitle(created.provider)} backup <code>{created.backup}</code> of{' '}
      {created.namespaces.length === 1 ? 'namespace' : 'namespaces'}{' '}
      {listWords(created.namespaces)} was created in cluster {created.cluster}
      {created.phase ? ` (phase ${created.phase})` : ''};{' '}
      {providerTitle(created.provider)} is taking it now.
    </Alert>
  );
};
