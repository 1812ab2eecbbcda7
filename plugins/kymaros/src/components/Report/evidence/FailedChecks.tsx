import Link from '@material-ui/core/Link';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import {
  podEvidenceAnchor,
  type CheckEvidence,
} from '@kymaros/plugin-kymaros-common';

/** Each failed check, its message, and links to the pods it targets. */
export const FailedChecks = (props: { checks: CheckEvidence[] }) => (
  <List dense disablePadding>
    {props.checks.map(check => (
      <ListItem key={check.name} disableGutters>
        <ListItemText
          primary={`${check.name}${check.type ? ` (${check.type})` : ''}: ${
            check.message
          }`}
          secondary={
            check.pods.length ? (
              <>
                Targets:{' '}
                {check.pods.map((p, i) => (
                  <span key={`${p.namespace}/${p.podName}`}>
                    {i > 0 && ', '}
                    <Link
                      href={`#${podEvidenceAnchor(p.namespace, p.podName)}`}
                    >
                      {p.podName}
                    </Link>
                  </span>
                ))}
              </>
            ) : (
              `Ran in ${check.sandboxes.join(', ')}`
            )
          }
          primaryTypographyProps={{ style: { overflowWrap: 'anywhere' } }}
        />
      </ListItem>
    ))}
  </List>
);
