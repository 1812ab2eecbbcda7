/**
 * The first `max` entries, then one entry saying how many more there were:
 * a backup of thousands of objects must not bloat the report.
 */
export function capList<T>(
  list: T[],
  max: number,
  more: (count: number) => T,
): T[] {
  if (list.length <= max) return list;
  return [...list.slice(0, max), more(list.length - max)];
}

/** `… and 1,234 more`. */
export function andMore(count: number): string {
  return `… and ${count.toLocaleString('en-US')} more`;
}
