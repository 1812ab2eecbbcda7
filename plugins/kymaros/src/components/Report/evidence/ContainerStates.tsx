import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
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

const cell = { overflowWrap: 'anywhere' as const };

/** The pod's conditions and each container's state, as `kubectl describe` lists them. */
export const ContainerStates = (props: { pod: PodLogs }) => {
  const { pod } = props;
  const states = pod.containerStates ?? [];
  const conditions = pod.conditions ?? [];
  return (
    <>
      {states.length > 0 && (
        <Table size="small" aria-label={`Containers of ${pod.podName}`}>
          <TableHead>
            <TableRow>
              <TableCell>Container</TableCell>
              <TableCell>State</TableCell>
              <TableCell>Last termination</TableCell>
              <TableCell>Restarts</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {states.map(c => (
              <TableRow key={`${c.init}/${c.name}`}>
                <TableCell style={cell}>
                  {c.name}
                  {c.init ? ' (init)' : ''}
                  {c.ready ? ' · ready' : ''}
                </TableCell>
                <TableCell style={cell}>
                  {stateText(c.state)}
                  {c.state.message ? ` — ${c.state.message}` : ''}
                </TableCell>
                <TableCell style={cell}>
                  {c.lastTermination
                    ? `${describeTermination(c.lastTermination)}${
                        c.lastTermination.message
                          ? ` — ${c.lastTermination.message}`
                          : ''
                      }`
                    : '—'}
                </TableCell>
                <TableCell>{c.restartCount}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {conditions.length > 0 && (
        <Typography variant="body2" component="div" style={{ margin: '8px 0' }}>
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
    </>
  );
};
