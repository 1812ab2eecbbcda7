import { useEffect } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard, Progress } from '@backstage/core-components';
import { EVIDENCE_ANCHOR } from '@kymaros/plugin-kymaros-common';
import { useRunEvidence } from '../../hooks/useRunEvidence';
import { EvidenceBody } from './evidence/EvidenceBody';

/** Brings the part of the evidence the address names into view once it is there (it loads after the page). */
function useScrollToHash(ready: boolean) {
  useEffect(() => {
    const id = decodeURIComponent(window.location.hash.slice(1));
    if (!ready || !id.startsWith(EVIDENCE_ANCHOR)) return;
    document.getElementById(id)?.scrollIntoView?.({ block: 'start' });
  }, [ready]);
}

/**
 * What the run kept before deleting its sandboxes: the pods that failed
 * (state, last termination, logs, events), the failed checks, the
 * provider's restore log, with a JSON download. Restored Secret values are
 * redacted.
 */
export const EvidenceCard = (props: { reportName: string }) => {
  const loaded = useRunEvidence(props.reportName);
  useScrollToHash(!loaded.loading);
  let body: React.ReactNode;
  if (loaded.loading) body = <Progress />;
  else if (loaded.error)
    body = (
      <Typography color="error" variant="body2">
        Could not load the evidence: {loaded.error.message}
      </Typography>
    );
  else if (!loaded.value)
    body = (
      <Typography variant="body2">
        This run kept no evidence: it created no sandbox (or ran before evidence
        was kept with its test's logCollection off).
      </Typography>
    );
  else
    body = (
      <EvidenceBody reportName={props.reportName} evidence={loaded.value} />
    );
  return (
    <Box id={EVIDENCE_ANCHOR} style={{ scrollMarginTop: 16 }}>
      <InfoCard
        title="Evidence"
        subheader="Kept from the sandboxes and the backup tool before cleanup; Secret values are redacted"
      >
        {body}
      </InfoCard>
    </Box>
  );
};
