import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import { downloadEvidence } from './downloadEvidence';
import { FailedChecks } from './FailedChecks';
import { logStyle } from './LogTail';
import { PodEvidence } from './PodEvidence';
import { eventLine, isFailing } from './podSummary';
import { RestoreLogPanel } from './RestoreLogPanel';

const Section = (props: { title: string; children: React.ReactNode }) => (
  <Box mt={2}>
    <Typography
      variant="subtitle1"
      component="h3"
      gutterBottom
      style={{ fontWeight: 600 }}
    >
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

/**
 * The evidence by level: failing pods (pod startup), failed checks
 * (internal health), the provider's restore log (restore integrity), then
 * the pods that were fine and all the sandbox events.
 */
export const EvidenceBody = (props: {
  reportName: string;
  evidence: RunEvidence;
}) => {
  const { evidence } = props;
  const failing = evidence.podLogs.filter(isFailing);
  const fine = evidence.podLogs.filter(p => !isFailing(p));
  const events = [...evidence.events].sort((a, b) =>
    a.lastTimestamp.localeCompare(b.lastTimestamp),
  );
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={() => downloadEvidence(props.reportName, evidence)}
      >
        Download evidence
      </Button>
      {evidence.omitted?.map(o => (
        <Typography key={o} variant="caption" component="p">
          Left out: {o}
        </Typography>
      ))}
      <Section
        title={`Pod startup — pods that failed or were not Ready (${failing.length})`}
      >
        {failing.length === 0 ? (
          <Typography variant="body2">Every pod kept was Ready.</Typography>
        ) : (
          failing.map(pod => (
            <PodEvidence
              key={`${pod.namespace}/${pod.podName}`}
              pod={pod}
              events={evidence.events}
            />
          ))
        )}
      </Section>
      {evidence.checks && evidence.checks.length > 0 && (
        <Section
          title={`Internal health — failed checks (${evidence.checks.length})`}
        >
          <FailedChecks checks={evidence.checks} />
        </Section>
      )}
      {evidence.restore && (
        <Section title="Restore integrity — the provider's restore log">
          <RestoreLogPanel restore={evidence.restore} />
        </Section>
      )}
      {fine.length > 0 && (
        <Section title={`Pods that were Ready (${fine.length})`}>
          {fine.map(pod => (
            <PodEvidence
              key={`${pod.namespace}/${pod.podName}`}
              pod={pod}
              events={evidence.events}
            />
          ))}
        </Section>
      )}
      <Section title={`Sandbox events (${events.length})`}>
        {events.length === 0 ? (
          <Typography variant="body2">No events kept.</Typography>
        ) : (
          <Accordion TransitionProps={{ unmountOnExit: true }}>
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Typography variant="body2">
                <strong>All events</strong> ({events.length},{' '}
                {events.filter(e => e.type === 'Warning').length} warnings)
              </Typography>
            </AccordionSummary>
            <AccordionDetails>
              <pre style={logStyle}>{events.map(eventLine).join('\n')}</pre>
            </AccordionDetails>
          </Accordion>
        )}
      </Section>
    </>
  );
};
