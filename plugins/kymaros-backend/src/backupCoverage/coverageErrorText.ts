import { describeError } from '../util/errors';
import { excerpt } from '../util/text';

/** `Bearer <token>`: what a client error may echo from a request's header. */
const bearerToken = /\b(bearer\s+)[^\s"',;]+/gi;
/** `token=<value>`, `password: <value>`, `Authorization: <value>` (a Bearer value is handled above). */
const credentialValue =
  /\b((?:token|password|secret|authorization)["']?\s*[=:]\s*["']?)(?!bearer\s)[^\s"',;]+/gi;

/**
 * An error as the portal shows it beside a service's coverage: the
 * provider's or cluster's words, bounded, with anything that looks like a
 * credential cut out (the reader may see coverage but not the cluster's secrets).
 */
export function coverageErrorText(error: unknown): string {
  return excerpt(
    describeError(error)
      .replace(bearerToken, '$1[redacted]')
      .replace(credentialValue, '$1[redacted]'),
    300,
  );
}
