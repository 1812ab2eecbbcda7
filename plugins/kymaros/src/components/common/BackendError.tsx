import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { ResponseErrorPanel, WarningPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/**
 * The Kymaros backend answered with an error, or could not be reached at all.
 * Either way the page says so, with the reason, and offers a retry.
 */
export const BackendError = (props: { error: Error; onRetry?: () => void }) => {
  const { error, onRetry } = props;
  const retry = onRetry && (
    <Box mt={2}>
      <Button variant="outlined" color="primary" onClick={onRetry}>
        Retry
      </Button>
    </Box>
  );
  if (error instanceof ResponseError) {
    const hint =
      error.statusCode === 404
        ? ' — is the kymaros backend plugin installed?'
        : '';
    return (
      <>
        <ResponseErrorPanel
          error={error}
          title={`The Kymaros backend answered ${error.statusCode}: ${error.cause.message}${hint}`}
        />
        {retry}
      </>
    );
  }
  return (
    <WarningPanel
      severity="error"
      title="Could not reach the Kymaros backend"
      message={`Restore results cannot be shown right now (${error.message}). Check that the Backstage backend is up and runs the kymaros plugin, then retry.`}
      defaultExpanded
    >
      {retry}
    </WarningPanel>
  );
};
