/**
 * A JSON pointer (RFC 6901) to the value at these keys: `~` and `/` in a key
 * are escaped, since ConfigMap keys may hold either.
 */
export function jsonPointer(keys: (string | number)[]): string {
  return keys
    .map(k => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`)
    .join('');
}
