/**
 * Remembers the results of a pure function of one string, forgetting them all
 * once `max` distinct keys were seen, so memory stays bounded whatever the input.
 */
export function memoize<T>(
  fn: (key: string) => T,
  max = 1000,
): (key: string) => T {
  const results = new Map<string, T>();
  return key => {
    if (results.has(key)) return results.get(key)!;
    if (results.size >= max) results.clear();
    const result = fn(key);
    results.set(key, result);
    return result;
  };
}
