import { useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Accordion from '@material-ui/core/Accordion';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { PodLogs, RunEvidence } from '@kymaros/plugin-kymaros-common';
import { kymarosApiRef } from '../../api';

type Loaded =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'done'; evidence?: RunEvidence }
  | { state: 'failed'; message: string };

const logStyle = {
  margin: 0,
  maxHeight: 320,
  overflow: 'auto',
  whiteSpace: 'pre-wrap' as const,
  overflowWrap: 'anywhere' as const,
  fontSize: 12,
};

/** One pod's logs, container by container, folded by default. */
const PodLogsPanel = (props: { pod: PodLogs }) => {
  const { pod } = props;
  return (
    <Accordion TransitionProps={{ unmountOnExit: true }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="body2">
          <strong>{pod.podName}</strong> ({pod.phase}
          {pod.sourceNamespace ? `, from ${pod.sourceNamespace}` : ''})
        </Typography>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        {pod.containers.map(c => (
          <Box key={`${c.type}/${c.name}`} mb={2}>
            <Typography variant="caption" component="p">
              {c.name}
              {c.type === 'container' ? '' : ` (${c.type} instance)`} ·{' '}
              {c.totalLines} lines{c.truncated ? ', last lines only' : ''}
            </Typography>
            <pre style={logStyle}>{c.log || '(empty)'}</pre>
          </Box>
        ))}
      </AccordionDetails>
    </Accordion>
  );
};

/** Saves the evidence as a JSON file, as served. */
function download(name: string, evidence: RunEvidence) {
  const url = URL.createObjectURL(
    new Blob([JSON.stringify(evidence, null, 2)], {
      type: 'application/json',
    }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = `${name}-logs.json`;
  link.click();
  URL.revokeObjectURL(url);
}

const EvidenceBody = (props: { name: string; evidence: RunEvidence }) => {
  const { evidence } = props;
  return (
    <>
      <Box mb={1}>
        <Button
          size="small"
          variant="outlined"
          onClick={() => download(props.name, evidence)}
        >
          Download (JSON)
        </Button>
      </Box>
      {evidence.omitted?.map(o => (
        <Typography key={o} variant="caption" component="p">
          Left out: {o}
        </Typography>
      ))}
      {evidence.podLogs.map(pod => (
        <PodLogsPanel key={`${pod.namespace}/${pod.podName}`} pod={pod} />
      ))}
      {evidence.events.length > 0 && (
        <Accordion TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              <strong>Events</strong> ({evidence.events.length})
            </Typography>
          </AccordionSummary>
          <AccordionDetails>
            <pre style={logStyle}>
              {evidence.events
                .map(
                  e =>
                    `${e.lastTimestamp} ${e.type} ${e.reason} ${
                      e.involvedObject
                    }${e.count > 1 ? ` (×${e.count})` : ''}: ${e.message}`,
                )
                .join('\n')}
            </pre>
          </AccordionDetails>
        </Accordion>
      )}
    </>
  );
};

/**
 * What the run kept of its sandboxes before deleting them: container logs
 * and events (restored Secret values redacted). Read only when asked for:
 * they are the largest part of a report.
 */
export const EvidenceCard = (props: { reportName: string }) => {
  const api = useApi(kymarosApiRef);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });
  const load = () => {
    setLoaded({ state: 'loading' });
    api.getReportLogs(props.reportName).then(
      evidence => setLoaded({ state: 'done', evidence }),
      e => setLoaded({ state: 'failed', message: String(e?.message ?? e) }),
    );
  };
  let body: React.ReactNode;
  if (loaded.state === 'idle')
    body = (
      <Button variant="outlined" size="small" onClick={load}>
        Show logs and events
      </Button>
    );
  else if (loaded.state === 'loading') body = <Progress />;
  else if (loaded.state === 'failed')
    body = (
      <Typography color="error" variant="body2">
        Could not load them: {loaded.message}
      </Typography>
    );
  else if (!loaded.evidence)
    body = (
      <Typography variant="body2">
        This run kept no logs or events (its test's logCollection is off, or the
        run created no sandbox).
      </Typography>
    );
  else
    body = <EvidenceBody name={props.reportName} evidence={loaded.evidence} />;
  return (
    <InfoCard
      title="Logs and events"
      subheader="Kept from the sandboxes before they were deleted; restored Secret values are redacted"
    >
      {body}
    </InfoCard>
  );
};
