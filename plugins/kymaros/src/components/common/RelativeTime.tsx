import { formatDateTime, formatRelative } from '../../lib/time';

/** `3 hours ago`, with the exact date and time on hover. */
export const RelativeTime = (props: { value?: string; fallback?: string }) =>
  props.value ? (
    <time dateTime={props.value} title={formatDateTime(props.value)}>
      {formatRelative(props.value)}
    </time>
  ) : (
    <>{props.fallback ?? '—'}</>
  );
