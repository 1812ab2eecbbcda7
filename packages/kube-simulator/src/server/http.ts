import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, PageNotFound, errors } from '../api/status';
import { describeError } from '../describeError';

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiError =
    err instanceof ApiError
      ? err
      : errors.internal(err instanceof Error ? err.message : String(err));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (apiError instanceof PageNotFound) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('404 page not found\n');
    return;
  }
  const headers: Record<string, string> = {};
  if (apiError.details?.retryAfterSeconds)
    headers['Retry-After'] = String(apiError.details.retryAfterSeconds);
  const text = JSON.stringify(apiError.toStatus());
  res.writeHead(apiError.code, {
    'Content-Type': 'application/json',
    ...headers,
  });
  res.end(text);
}

export async function readBody(
  req: IncomingMessage,
  limit = 8 * 1024 * 1024,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit)
      throw new ApiError(
        413,
        'RequestEntityTooLarge',
        'Request entity too large: limit is 8388608',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readJson(req: IncomingMessage): Promise<any> {
  const buf = await readBody(req);
  if (buf.length === 0) return undefined;
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch (e) {
    throw errors.badRequest(`error decoding request body: ${describeError(e)}`);
  }
}

/** The API server treats any value other than absent, "false" or "0" as true. */
export function queryBool(v: string | null): boolean {
  return v !== null && v !== 'false' && v !== '0';
}
