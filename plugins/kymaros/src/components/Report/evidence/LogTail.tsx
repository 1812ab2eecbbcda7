import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ContainerLog } from '@kymaros/plugin-kymaros-common';

export const logStyle = {
  margin: 0,
  maxHeight: 320,
  overflow: 'auto',
  whiteSpace: 'pre-wrap' as const,
  overflowWrap: 'anywhere' as const,
  fontSize: 12,
  padding: 8,
  background: 'rgba(127, 127, 127, 0.1)',
};

const kind: Record<ContainerLog['type'], string> = {
  container: '',
  init: ' (init container)',
  previous: ' (previous instance)',
};

/** One container's log tail, as kept. */
export const LogTail = (props: { log: ContainerLog }) => {
  const { log } = props;
  return (
    <Box mb={2}>
      <Typography variant="caption" component="p">
        Log of {log.name}
        {kind[log.type]} · {log.totalLines} lines
        {log.truncated ? ', last lines only' : ''}
      </Typography>
      <pre style={logStyle}>{log.log || '(empty)'}</pre>
    </Box>
  );
};
