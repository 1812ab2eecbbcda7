import Box from '@material-ui/core/Box';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { SandboxFidelity } from '@kymaros/plugin-kymaros-common';
import { useFold } from './useFold';

/** A reason as a sentence: with its full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * Why the backup's object bodies could not be read, and what that meant:
 * nothing was rewritten or changed object by object.
 */
export const ManifestsNotReadNotice = (props: {
  fidelity: SandboxFidelity;
}) => {
  const { manifestsRead, manifestsProblem } = props.fidelity;
  if (manifestsRead) return null;
  return (
    <Box mb={2}>
      <Alert severity="warning" variant="outlined">
        <AlertTitle>The backup's objects could not be read</AlertTitle>
        {manifestsProblem && <strong>{sentence(manifestsProblem)} </strong>}
        So no address was rewritten to the sandbox and no object was changed one
        by one: the restored app still names the source namespaces' services.
      </Alert>
    </Box>
  );
};

type Volume = SandboxFidelity['volumesNotRestored'][number];

/**
 * Claims left out because the backup holds no data for their volume: shown
 * first and in red, since completeness counts each one missing.
 */
export const VolumesNotRestoredNotice = (props: { volumes: Volume[] }) => {
  const { volumes } = props;
  const { shown, toggle } = useFold(volumes);
  if (volumes.length === 0) return null;
  const count = `${volumes.length} volume${volumes.length > 1 ? 's' : ''}`;
  return (
    <Box mb={2}>
      <Alert
        severity="error"
        variant="outlined"
        data-testid="sandbox-volumes-not-restored"
      >
        <AlertTitle>{count} not restored</AlertTitle>
        Completeness counts these claims as missing.
        <ul>
          {shown.map(v => (
            <li key={v.claim}>
              <code>{v.claim}</code>
              {v.volume && (
                <>
                  {' '}
                  (volume <code>{v.volume}</code>)
                </>
              )}
              : {v.reason}
            </li>
          ))}
        </ul>
        {toggle}
      </Alert>
    </Box>
  );
};
