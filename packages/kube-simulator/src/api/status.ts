/**
 * Kubernetes `Status` error objects, worded as the real API server words them,
 * so clients that parse `reason` and `code` behave the same against the simulator.
 */
export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: StatusDetails;
  code: number;
}

/** Thrown anywhere in request handling; the server turns it into a Status response. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
  }

  toStatus(): Status {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

/** A plain-text 404 from the HTTP mux rather than an API handler. */
export class PageNotFound extends ApiError {
  constructor() {
    super(404, 'NotFound', '404 page not found');
  }
}

/** `resource` is the plural with its group, e.g. `deployments.apps`, as in real messages. */
export function qualified(plural: string, group: string): string {
  return group ? `${plural}.${group}` : plural;
}

export const errors = {
  notFound(plural: string, group: string, name: string) {
    return new ApiError(
      404,
      'NotFound',
      `${qualified(plural, group)} "${name}" not found`,
      { name, ...(group ? { group } : {}), kind: plural },
    );
  },
  /** What the API server's path router answers for unknown `/apis/...` groups, versions and resources: not a Status. */
  pageNotFound() {
    return new PageNotFound();
  },
  routeNotFound() {
    return new ApiError(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    );
  },
  alreadyExists(plural: string, group: string, name: string) {
    return new ApiError(
      409,
      'AlreadyExists',
      `${qualified(plural, group)} "${name}" already exists`,
      { name, ...(group ? { group } : {}), kind: plural },
    );
  },
  conflict(plural: string, group: string, name: string) {
    return new ApiError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(
        plural,
        group,
      )} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      { name, ...(group ? { group } : {}), kind: plural },
    );
  },
  namespaceTerminating(
    plural: string,
    group: string,
    name: string,
    namespace: string,
  ) {
    return new ApiError(
      403,
      'Forbidden',
      `${qualified(
        plural,
        group,
      )} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
      {
        name,
        ...(group ? { group } : {}),
        kind: plural,
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: `namespace ${namespace} is being terminated`,
            field: 'metadata.namespace',
          },
        ],
      },
    );
  },
  namespaceNotFound(namespace: string) {
    return new ApiError(
      404,
      'NotFound',
      `namespaces "${namespace}" not found`,
      {
        name: namespace,
        kind: 'namespaces',
      },
    );
  },
  invalid(kind: string, group: string, name: string, causes: StatusCause[]) {
    const summary = causes.map(c => `${c.field}: ${c.message}`).join(', ');
    return new ApiError(
      422,
      'Invalid',
      `${kind} "${name}" is invalid: ${summary}`,
      { name, ...(group ? { group } : {}), kind, causes },
    );
  },
  badRequest(message: string) {
    return new ApiError(400, 'BadRequest', message);
  },
  unauthorized() {
    return new ApiError(401, 'Unauthorized', 'Unauthorized');
  },
  methodNotAllowed() {
    return new ApiError(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
    );
  },
  unsupportedMediaType(accepted: string[]) {
    return new ApiError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
    );
  },
  expired(requested: string, oldest: string) {
    return new ApiError(
      410,
      'Expired',
      `too old resource version: ${requested} (${oldest})`,
    );
  },
  internal(message: string) {
    return new ApiError(
      500,
      'InternalError',
      `Internal error occurred: ${message}`,
    );
  },
  serviceUnavailable(message: string) {
    return new ApiError(503, 'ServiceUnavailable', message);
  },
  tooManyRequests(retryAfterSeconds: number) {
    return new ApiError(
      429,
      'TooManyRequests',
      'the server has received too many requests and has asked us to try again later',
      {
        retryAfterSeconds,
      },
    );
  },
};
