import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';

/** The definition could not be used: the exact reason, and where to fix it. */
export const InvalidDefinition = (props: { test: RestoreTestItem }) => {
  const { test } = props;
  const where =
    test.source === 'annotations'
      ? "the kymaros.io/* annotations in this entity's catalog-info.yaml"
      : test.source;
  return (
    <Alert severity="error">
      <AlertTitle>This restore test definition is invalid</AlertTitle>
      <Typography component="pre" style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
        <code>{test.status.error}</code>
      </Typography>
      <Typography variant="body2" style={{ marginTop: 8 }}>
        Nothing is tested for {test.name} until this is fixed in {where}. The
        other restore tests keep running.
      </Typography>
    </Alert>
  );
};
