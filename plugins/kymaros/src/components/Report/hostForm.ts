const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * The host form of an address: scheme, host and port only. Reports give
 * host forms already; cutting here too keeps a whole value (credentials,
 * path, query) off the page should one ever reach the report.
 */
export function hostForm(address: string): string {
  const text = address.trim();
  const scheme = SCHEME.exec(text)?.[0] ?? '';
  const rest = text.slice(scheme.length);
  // Hosts never hold an `@`: whatever precedes the last one is credentials.
  const authority = rest.slice(rest.lastIndexOf('@') + 1);
  const host = authority.split(/[/?#\s]/, 1)[0];
  return host ? `${scheme}${host}` : '';
}
