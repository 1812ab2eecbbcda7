import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { Remedy } from '@kymaros/plugin-kymaros-common';
import { EvidenceLink } from './EvidenceLink';

const useStyles = makeStyles(theme => ({
  steps: { margin: theme.spacing(0.5, 0), paddingLeft: theme.spacing(3) },
  code: {
    margin: theme.spacing(0.5, 0),
    padding: theme.spacing(1),
    background: theme.palette.background.default,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: 4,
    fontSize: 12,
    overflowX: 'auto',
    whiteSpace: 'pre',
  },
}));

/** One remedy: what went wrong, the steps, what to copy, the log tail and where the evidence is. */
export const RemedyItem = (props: { remedy: Remedy }) => {
  const classes = useStyles();
  const { title, steps, snippet, logTail, evidenceAnchor } = props.remedy;
  return (
    <Box mb={2} data-testid="remedy">
      <Typography variant="subtitle2" component="h4">
        {title}
      </Typography>
      <ol className={classes.steps}>
        {steps.map(step => (
          <li key={step}>
            <Typography variant="body2">{step}</Typography>
          </li>
        ))}
      </ol>
      {snippet && (
        <pre className={classes.code} aria-label="YAML to apply">
          {snippet}
        </pre>
      )}
      {logTail && (
        <>
          <Typography variant="caption" color="textSecondary">
            Last lines it logged
          </Typography>
          <pre className={classes.code} aria-label="Log tail">
            {logTail}
          </pre>
        </>
      )}
      {evidenceAnchor && (
        <Typography variant="body2">
          <EvidenceLink anchor={evidenceAnchor} />
        </Typography>
      )}
    </Box>
  );
};
