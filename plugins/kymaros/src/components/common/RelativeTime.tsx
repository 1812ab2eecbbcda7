import { formatWhen } from '../../lib/time';

/**
 * `5 Dec 2026, 23:10 CET (2 hours ago)`: the moment in the viewer's time
 * zone, named, and how far it is from now.
 */
export const RelativeTime = (props: { value?: string; fallback?: string }) =>
  props.value ? (
    <time dateTime={props.value}>{formatWhen(props.value)}</time>
  ) : (
    <>{props.fallback ?? '—'}</>
  );
