import Tooltip from '@material-ui/core/Tooltip';
import { formatDateTime, formatRelative } from '../../lib/time';

/** `3 hours ago`, with the moment in the viewer's zone on hover: tables need the age more than the date. */
export const BackupAge = (props: { at: string }) => (
  <Tooltip title={formatDateTime(props.at)}>
    <time dateTime={props.at}>{formatRelative(props.at)}</time>
  </Tooltip>
);
