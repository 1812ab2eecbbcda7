import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type {
  ContainerStateDetail,
  PodLogs,
} from '@kymaros/plugin-kymaros-common';
import { describeTermination } from './podSummary';

function stateText(s: ContainerStateDetail): string {
  if (s.state === 'terminated') return `terminated: ${describeTermination(s)}`;
  return [s.state, s.reason].filter(Boolean).join(': ');
}

/** Long tokens (a pod uid in a message) wrap; words do not break. */
const wrap = { overflowWrap: 'break-word' as const };

/**
 * Each container's state and how its last instance ended, then the pod's
 * conditions, as `kubectl describe` lists them; lines, not a table, so
 * they read on a phone too.
 */
export const ContainerStates = (props: { pod: PodLogs }) => {
  const { pod } = props;
  const states = pod.containerStates ?? [];
  const conditions = pod.conditions ?? [];
  return (
    <Box mb={1}>
      {states.length > 0 && (
        <ul
          aria-label={`Containers of ${pod.podName}`}
          style={{ margin: 0, paddingLeft: 20 }}
        >
          {states.map(c => (
            <li key={`${c.init}/${c.name}`}>
              <Typography variant="body2" style={wrap}>
                <strong>{c.name}</strong>
                {c.init ? ' (init)' : ''}: {stateText(c.state)}
                {c.ready ? ', ready' : ''} · restarts: {c.restartCount}
              </Typography>
              {c.state.message && (
                <Typography variant="body2" color="textSecondary" style={wrap}>
                  {c.state.message}
                </Typography>
              )}
              {c.lastTermination && (
                <Typography variant="body2" style={wrap}>
                  Last termination: {describeTermination(c.lastTermination)}
                  {c.lastTermination.message
                    ? ` — ${c.lastTermination.message}`
                    : ''}
                </Typography>
              )}
            </li>
          ))}
        </ul>
      )}
      {conditions.length > 0 && (
        <Typography
          variant="body2"
          component="div"
          style={{ ...wrap, marginTop: 8 }}
        >
          Conditions:{' '}
          {conditions
            .map(
              c =>
                `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${
                  c.message ? `: ${c.message}` : ''
                }`,
            )
            .join(' · ')}
        </Typography>
      )}
    </Box>
  );
};
