import Accordion from '@material-ui/core/Accordion';
import AccordionDetails from '@material-ui/core/AccordionDetails';
import AccordionSummary from '@material-ui/core/AccordionSummary';
import Typography from '@material-ui/core/Typography';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import type { RestoreEvidence } from '@kymaros/plugin-kymaros-common';
import { logStyle } from './LogTail';

const Messages = (props: { title: string; items: string[]; error?: boolean }) =>
  props.items.length === 0 ? null : (
    <>
      <Typography variant="caption" component="p">
        {props.title} ({props.items.length})
      </Typography>
      <pre style={logStyle}>
        {props.items.map(m => `${props.error ? '✗' : '!'} ${m}`).join('\n')}
      </pre>
    </>
  );

/** The provider's own account of the restore: its errors and warnings shown, its log folded. */
export const RestoreLogPanel = (props: { restore: RestoreEvidence }) => {
  const { restore } = props;
  return (
    <>
      <Typography variant="body2" paragraph>
        {restore.provider} restore {restore.restoreName}:{' '}
        {restore.errors.length} error(s), {restore.warnings.length} warning(s)
        {restore.unavailable ? ` — its log ${restore.unavailable}` : ''}
      </Typography>
      <Messages title="Errors" items={restore.errors} error />
      <Messages title="Warnings" items={restore.warnings} />
      {restore.log !== undefined && (
        <Accordion TransitionProps={{ unmountOnExit: true }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography variant="body2">
              <strong>Restore log</strong>
              {restore.logTruncated ? ' (last part only)' : ''}
            </Typography>
          </AccordionSummary>
          <AccordionDetails style={{ display: 'block' }}>
            <pre style={logStyle}>{restore.log || '(empty)'}</pre>
          </AccordionDetails>
        </Accordion>
      )}
    </>
  );
};
