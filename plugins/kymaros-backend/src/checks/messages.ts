import { isError } from '@backstage/errors';

/** One line of at most `max` characters: report messages must stay readable in a table cell. */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** The last `count` non-empty lines of a log. */
export function lastLines(text: string, count: number): string[] {
  return text
    .split(/\r?\n/)
    .filter(l => l.trim() !== '')
    .slice(-count);
}

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
