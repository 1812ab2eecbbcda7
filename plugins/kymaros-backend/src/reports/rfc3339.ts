/**
 * An instant as Kubernetes writes times: RFC 3339 in UTC without fractional
 * seconds (`2024-03-15T03:00:12Z`), the fraction dropped as Go's metav1.Time
 * does. A string that is not a time is returned as it is.
 */
export function toRfc3339(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (Number.isNaN(ms)) return String(at);
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
