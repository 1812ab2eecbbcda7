import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { InputError } from '@backstage/errors';

/** What a catalog locator lets catalog entities point at. */
export interface ApiServerUrlPolicy {
  /** Host names (`127.0.0.1`, `*.example.com`) that may use HTTP or a non-public address. */
  dangerouslyAllowClusterUrls?: string[];
}

/**
 * Refuses an API server URL from the catalog that could turn the backend's
 * credentials against something else: only HTTPS to public addresses, unless
 * the host is explicitly allowed; never credentials in the URL.
 */
export async function checkCatalogApiServerUrl(
  text: string | undefined,
  policy: ApiServerUrlPolicy,
  resolve: (host: string) => Promise<string[]> = resolveAll,
): Promise<URL> {
  let url: URL;
  try {
    url = new URL(text ?? '');
  } catch {
    throw new InputError(`API server URL "${text ?? ''}" is not a valid URL`);
  }
  if (url.username || url.password)
    throw new InputError('API server URL must not contain credentials');
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError('API server URL must use http or https');
  const host = url.hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (isAllowed(host, policy.dangerouslyAllowClusterUrls ?? [])) return url;
  if (url.protocol !== 'https:')
    throw new InputError(
      `API server URL must use https (or list "${host}" in dangerouslyAllowClusterUrls)`,
    );
  const addresses = ipaddr.isValid(host) ? [host] : await resolve(host);
  const internal = addresses
    .map(normalized)
    .find(address => !isPublic(address));
  if (internal)
    throw new InputError(
      `API server host "${host}" is a non-public address (${internal}); list it in dangerouslyAllowClusterUrls to allow it`,
    );
  return url;
}

/** IPv4-mapped IPv6 addresses as the IPv4 address they reach. */
function normalized(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

function isPublic(address: string): boolean {
  try {
    return ipaddr.process(address).range() === 'unicast';
  } catch {
    return false;
  }
}

function isAllowed(host: string, patterns: string[]): boolean {
  return patterns.some(pattern => {
    const p = pattern.toLowerCase();
    if (!p.startsWith('*.')) return host === p;
    return host === p.slice(2) || host.endsWith(p.slice(1));
  });
}

async function resolveAll(host: string): Promise<string[]> {
  return (await lookup(host, { all: true })).map(entry => entry.address);
}
