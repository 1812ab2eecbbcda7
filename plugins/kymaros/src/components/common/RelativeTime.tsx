import { formatDateTime, formatRelative, formatWhen } from '../../lib/time';

/**
 * `5 Dec 2026, 23:10 CET (2 hours ago)`: the moment in the viewer's time
 * zone, named, and how far it is from now. `stacked` puts the second part
 * on a line of its own, for narrow table columns.
 */
export const RelativeTime = (props: {
  value?: string;
  fallback?: string;
  stacked?: boolean;
}) => {
  if (!props.value) return <>{props.fallback ?? '—'}</>;
  if (!props.stacked)
    return <time dateTime={props.value}>{formatWhen(props.value)}</time>;
  return (
    <time dateTime={props.value}>
      {formatDateTime(props.value)}
      <br />
      <small>{formatRelative(props.value)}</small>
    </time>
  );
};
