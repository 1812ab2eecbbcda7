/**
 * Splits a Kubernetes API path into its parts, the way the API server's
 * RequestInfoFactory does for the shapes this simulator serves.
 */
export interface ResourceRequest {
  kind: 'resource';
  group: string;
  version: string;
  namespace?: string;
  plural: string;
  name?: string;
  subresource?: string;
  /** Remaining path after the subresource (service proxy path). */
  rest?: string;
}

export type RequestInfo =
  | ResourceRequest
  | { kind: 'discovery'; path: string }
  | { kind: 'other'; path: string };

export function parseRequestPath(rawPath: string): RequestInfo {
  const path = rawPath.replace(/\/+$/, '') || '/';
  const parts = path.split('/').slice(1);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length <= 2) return { kind: 'discovery', path };
    group = '';
    version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis') {
    if (parts.length <= 3) return { kind: 'discovery', path };
    group = parts[1];
    version = parts[2];
    rest = parts.slice(3);
  } else {
    return { kind: 'other', path };
  }
  // Path segments arrive percent-encoded (client-node encodes `name:port` and proxy paths).
  const decoded = rest.map(s => decodeURIComponent(s));
  if (decoded[0] === 'namespaces' && decoded.length >= 3) {
    // /namespaces/{ns}/status and /namespaces/{ns}/finalize are namespace subresources.
    if (
      decoded.length === 3 &&
      (decoded[2] === 'status' || decoded[2] === 'finalize') &&
      group === ''
    ) {
      return {
        kind: 'resource',
        group,
        version,
        plural: 'namespaces',
        name: decoded[1],
        subresource: decoded[2],
      };
    }
    return {
      kind: 'resource',
      group,
      version,
      namespace: decoded[1],
      plural: decoded[2],
      name: decoded[3],
      subresource: decoded[4],
      rest: decoded.length > 5 ? decoded.slice(5).join('/') : undefined,
    };
  }
  return {
    kind: 'resource',
    group,
    version,
    plural: decoded[0],
    name: decoded[1],
    subresource: decoded[2],
    rest: decoded.length > 3 ? decoded.slice(3).join('/') : undefined,
  };
}
