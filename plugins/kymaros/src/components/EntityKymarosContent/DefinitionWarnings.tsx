import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';

/**
 * What loading the definition left out or does not apply: the test runs,
 * but its owner should know (documents of other kinds skipped, fields with
 * no effect), since a moved file would otherwise be trusted whole.
 */
export const DefinitionWarnings = (props: { warnings?: string[] }) => {
  const { warnings } = props;
  if (!warnings?.length) return null;
  return (
    <Alert severity="warning">
      <AlertTitle>
        {warnings.length === 1
          ? 'One part of the definition was left out'
          : `${warnings.length} parts of the definition were left out`}
      </AlertTitle>
      <Typography
        component="ul"
        variant="body2"
        style={{ margin: 0, paddingLeft: 20 }}
      >
        {warnings.map(w => (
          <li key={w} style={{ overflowWrap: 'anywhere' }}>
            {w}
          </li>
        ))}
      </Typography>
    </Alert>
  );
};
