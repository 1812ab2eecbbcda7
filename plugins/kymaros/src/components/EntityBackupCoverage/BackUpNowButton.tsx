import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import Tooltip from '@material-ui/core/Tooltip';
import BackupIcon from '@material-ui/icons/Backup';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kymarosBackupCreatePermission,
  type BackupCoverage,
  type OnDemandBackupResponse,
} from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';
import { backupTarget } from './backupTarget';

/** What came of a "Back up now": the backup created, or why not. */
export type BackupAttempt =
  | { created: OnDemandBackupResponse }
  | { error: Error };

/**
 * Asks the test's provider for a backup of its namespaces, after a
 * confirmation naming them. Disabled, with the reason on hover, for users
 * without `kymaros.backup.create` on the test's entity.
 */
export const BackUpNowButton = (props: {
  coverage: BackupCoverage;
  onDone: (attempt: BackupAttempt) => void;
}) => {
  const { coverage, onDone } = props;
  const api = useApi(kymarosApiRef);
  const { allowed, loading } = usePermission({
    permission: kymarosBackupCreatePermission,
    resourceRef: coverage.entityRef,
  });
  const [confirming, setConfirming] = useState(false);
  const [sending, setSending] = useState(false);
  const denied =
    !loading && !allowed
      ? `You do not have permission to back up the namespaces of ${coverage.entityRef} (kymaros.backup.create).`
      : '';
  const target = backupTarget(coverage);

  const confirm = async () => {
    setConfirming(false);
    setSending(true);
    try {
      onDone({ created: await api.createBackup(coverage.testId) });
    } catch (e) {
      onDone({ error: e as Error });
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      {/* Always wrapped, so the button keeps its identity when the permission answer arrives. */}
      <Tooltip title={denied}>
        <span>
          <Button
            variant="outlined"
            color="primary"
            startIcon={<BackupIcon />}
            onClick={() => setConfirming(true)}
            disabled={loading || sending || Boolean(denied)}
          >
            {sending ? 'Asking…' : 'Back up now'}
          </Button>
        </span>
      </Tooltip>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="kymaros-back-up-now-title"
      >
        <DialogTitle id="kymaros-back-up-now-title">Back up now?</DialogTitle>
        <DialogContent>
          <DialogContentText>
            This creates {target} now, outside any schedule.
          </DialogContentText>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button color="primary" variant="contained" onClick={confirm}>
            Back up now
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
};
