/**
 * A Secret value (`data`, base64) as text, or undefined when it is not
 * base64 of UTF-8 text (a key store, an image): such values are never
 * rewritten, since a change could corrupt them.
 */
export function secretText(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    return undefined;
  const bytes = Buffer.from(value, 'base64');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

/** Text as a Secret holds it. */
export function secretValue(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
