import { isError } from '@backstage/errors';
import { excerpt } from './text';

/** The HTTP status of a client-node ApiException, if `error` is one. */
export function apiErrorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && error && 'body' in (error as object)
    ? code
    : undefined;
}

/**
 * A readable reason for any error: the Status message the API server sent
 * (client-node puts the raw body in `ApiException.body`), else the message.
 */
export function describeError(error: unknown): string {
  const code = apiErrorCode(error);
  if (code !== undefined) {
    const body = (error as { body?: unknown }).body;
    let message: string | undefined;
    if (typeof body === 'string') {
      try {
        message = JSON.parse(body)?.message;
      } catch {
        message = body.trim() || undefined;
      }
    } else if (body && typeof body === 'object') {
      message = (body as { message?: string }).message;
    }
    return `HTTP ${code}${message ? `: ${excerpt(message)}` : ''}`;
  }
  if (isError(error)) return error.message;
  // ws hands connection failures over as ErrorEvent-like objects.
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}
