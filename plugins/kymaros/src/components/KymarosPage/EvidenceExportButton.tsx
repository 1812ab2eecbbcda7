import { useState } from 'react';
import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import GetAppIcon from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { kymarosEvidenceReadPermission } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';

/** Saves a blob under a name, as a link with `download` does. */
function saveFile(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Downloads the audit evidence (CSV, one hash-chained record per run) of the
 * tests the overview shows: all of them, or one owner's. Disabled, saying
 * why, without `kymaros.evidence.read`.
 */
export const EvidenceExportButton = (props: {
  /** The overview's owner filter, a full entity ref. */
  owner?: string;
}) => {
  const api = useApi(kymarosApiRef);
  const alertApi = useApi(alertApiRef);
  const { allowed, loading } = usePermission({
    permission: kymarosEvidenceReadPermission,
  });
  const [busy, setBusy] = useState(false);
  const scope = props.owner ? `the runs of ${props.owner}` : 'every run';

  const download = async () => {
    setBusy(true);
    try {
      const file = await api.exportEvidence({ owner: props.owner });
      saveFile(file.blob, file.filename);
    } catch (e) {
      alertApi.post({
        message: `Could not export the audit evidence: ${(e as Error).message}`,
        severity: 'error',
      });
    } finally {
      setBusy(false);
    }
  };

  const reason = allowed
    ? `CSV of ${scope} you may read, each record SHA-256 chained to the previous run of its test`
    : 'You may not export audit evidence (permission kymaros.evidence.read)';
  return (
    <Tooltip title={loading ? '' : reason}>
      {/* A disabled button gets no pointer events: the span shows the reason. */}
      <span>
        <Button
          variant="outlined"
          color="inherit"
          startIcon={<GetAppIcon />}
          disabled={loading || !allowed || busy}
          onClick={download}
          aria-description={loading ? undefined : reason}
        >
          {busy ? 'Exporting…' : 'Export evidence (CSV)'}
        </Button>
      </span>
    </Tooltip>
  );
};
