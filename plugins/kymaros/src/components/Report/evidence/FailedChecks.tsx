import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Typography from '@material-ui/core/Typography';
import {
  podEvidenceAnchor,
  type CheckEvidence,
} from '@kymaros/plugin-kymaros-common';

const wrap = { overflowWrap: 'break-word' as const };

/** Each failed check, its message, and links to the pods it targets. */
export const FailedChecks = (props: { checks: CheckEvidence[] }) => (
  <>
    {props.checks.map(check => (
      <Box key={check.name} mb={1}>
        <Typography variant="body2" style={wrap}>
          {`${check.name}${check.type ? ` (${check.type})` : ''}: ${
            check.message
          }`}
        </Typography>
        <Typography variant="body2" color="textSecondary" style={wrap}>
          {check.pods.length ? (
            <>
              Targets:{' '}
              {check.pods.map((p, i) => (
                <span key={`${p.namespace}/${p.podName}`}>
                  {i > 0 && ', '}
                  <Link href={`#${podEvidenceAnchor(p.namespace, p.podName)}`}>
                    {p.podName}
                  </Link>
                </span>
              ))}
            </>
          ) : (
            `Ran in ${check.sandboxes.join(', ')}`
          )}
        </Typography>
      </Box>
    ))}
  </>
);
