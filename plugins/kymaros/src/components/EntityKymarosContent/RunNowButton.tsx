import Button from '@material-ui/core/Button';
import Tooltip from '@material-ui/core/Tooltip';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import { usePermission } from '@backstage/plugin-permission-react';
import { kymarosRestoreTestRunPermission } from '@kymaros/plugin-kymaros-common';

/**
 * Starts a run on demand. Disabled, with the reason on hover, for users
 * without `kymaros.restoretest.run` on the test's entity (a policy may grant
 * it to the entity's owners only), for invalid tests and while a run is going.
 */
export const RunNowButton = (props: {
  /** The entity the test belongs to: the permission is asked for it. */
  entityRef: string;
  onRun: () => void;
  /** Why the button cannot be used right now, if it cannot. */
  unavailableReason?: string;
}) => {
  const { allowed, loading } = usePermission({
    permission: kymarosRestoreTestRunPermission,
    resourceRef: props.entityRef,
  });
  let reason = props.unavailableReason;
  if (!loading && !allowed) {
    reason = `You do not have permission to run the restore tests of ${props.entityRef} (kymaros.restoretest.run).`;
  }
  // Always wrapped, so the button keeps its identity when the permission
  // answer arrives; an empty title shows no tooltip.
  return (
    <Tooltip title={reason ?? ''}>
      <span>
        <Button
          variant="contained"
          color="primary"
          startIcon={<PlayArrowIcon />}
          onClick={props.onRun}
          disabled={loading || Boolean(reason)}
        >
          Run now
        </Button>
      </span>
    </Tooltip>
  );
};
