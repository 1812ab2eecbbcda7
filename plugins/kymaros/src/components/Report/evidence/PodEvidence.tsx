import { useEffect, useState } from 'react';
import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import {
  podEvidenceAnchor,
  type PodLogs,
  type SandboxEvent,
} from '@kymaros/plugin-kymaros-common';
import { LogTail, logStyle } from './LogTail';
import { ContainerStates } from './ContainerStates';
import { eventLine, eventsOf, isFailing, terminations } from './podSummary';

/** Opens when the page's address points at it, as a remedy's link does. */
function useOpenedByHash(anchor: string): [boolean, (open: boolean) => void] {
  const [open, setOpen] = useState(() => window.location.hash === `#${anchor}`);
  useEffect(() => {
    const onHash = () => {
      if (window.location.hash === `#${anchor}`) setOpen(true);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [anchor]);
  return [open, setOpen];
}

/**
 * One pod: why it failed and how its containers last ended in the summary
 * (seen without opening), and inside its conditions, container states, log
 * tails and events. Folded by default.
 */
export const PodEvidence = (props: {
  pod: PodLogs;
  events: SandboxEvent[];
}) => {
  const { pod } = props;
  const anchor = podEvidenceAnchor(pod.namespace, pod.podName);
  const [open, setOpen] = useOpenedByHash(anchor);
  const failing = isFailing(pod);
  const ended = terminations(pod);
  const events = eventsOf(pod, props.events);
  return (
    <Accordion
      id={anchor}
      expanded={open}
      onChange={(_e, expanded) => setOpen(expanded)}
      TransitionProps={{ unmountOnExit: true }}
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Box>
          <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
            <strong>{pod.podName}</strong> {failing ? 'not Ready' : 'Ready'} ·{' '}
            {pod.phase}
            {pod.restartCount ? ` · restarts: ${pod.restartCount}` : ''}
            {pod.sourceNamespace ? ` · from ${pod.sourceNamespace}` : ''}
          </Typography>
          {pod.problem && (
            <Typography variant="body2" color="error">
              {pod.problem}
            </Typography>
          )}
          {ended.length > 0 && (
            <Typography
              variant="body2"
              color={failing ? 'error' : 'textSecondary'}
            >
              Last terminated: {ended.join('; ')}
            </Typography>
          )}
        </Box>
      </AccordionSummary>
      <AccordionDetails style={{ display: 'block' }}>
        {(pod.reason || pod.message) && (
          <Typography variant="body2" paragraph>
            {[pod.reason, pod.message].filter(Boolean).join(': ')}
          </Typography>
        )}
        <ContainerStates pod={pod} />
        {pod.containers.map(c => (
          <LogTail key={`${c.type}/${c.name}`} log={c} />
        ))}
        {pod.containers.length === 0 && (
          <Typography variant="body2" paragraph>
            No logs kept (the test's logCollection is off).
          </Typography>
        )}
        <Typography variant="caption" component="p">
          Events of this pod ({events.length})
        </Typography>
        <pre style={logStyle}>
          {events.length ? events.map(eventLine).join('\n') : '(none kept)'}
        </pre>
      </AccordionDetails>
    </Accordion>
  );
};
