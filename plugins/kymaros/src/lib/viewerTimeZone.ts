/**
 * The viewer's IANA time zone, as the browser reports it; UTC when it
 * reports none. Its own module so tests can fix it whatever the machine's.
 */
export function viewerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
