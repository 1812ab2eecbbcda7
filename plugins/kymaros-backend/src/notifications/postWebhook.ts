import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import { webhookUrlProblem } from './webhookUrl';

export interface PostOptions {
  /** Each attempt, connection to status line, ends within this. */
  timeoutMs: number;
  /** Attempts after the first, on network errors, timeouts, 5xx, 408 and 429. */
  retries: number;
  /** The longest `Retry-After` honoured (a longer one is waited this long). */
  retryAfterLimitMs: number;
  /** First wait between attempts, doubled at each retry. */
  backoffMs: number;
  /** Ends the waits between attempts (shutdown). */
  signal?: AbortSignal;
}

export type PostOutcome =
  | { ok: true; attempts: number }
  | { ok: false; attempts: number; problem: string };

interface Attempt {
  ok: boolean;
  retry: boolean;
  problem: string;
  retryAfterMs?: number;
}

/** Bytes of an answer read at most: only its status matters. */
const MAX_ANSWER = 4096;

/** A network failure by its code only: messages of some carry the address, which is part of the secret. */
function networkProblem(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found';
    default:
      return typeof code === 'string'
        ? `network error ${code}`
        : 'network error';
  }
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
function retryAfterMs(value: string | undefined, now = Date.now()) {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function judge(res: http.IncomingMessage): Attempt {
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300)
    return { ok: true, retry: false, problem: '' };
  if (status >= 300 && status < 400)
    return {
      ok: false,
      retry: false,
      problem: `answered with a redirect (HTTP ${status}), which is not followed`,
    };
  const retryAfter = res.headers['retry-after'];
  return {
    ok: false,
    retry: status >= 500 || status === 429 || status === 408,
    problem: `HTTP ${status}`,
    retryAfterMs: retryAfterMs(
      Array.isArray(retryAfter) ? retryAfter[0] : retryAfter,
    ),
  };
}

/**
 * One POST, judged by its status line, which must come within `timeoutMs`;
 * the answer's body is drained (bounded) within the same time, so a
 * receiver that hangs never keeps a socket. Redirects are never followed.
 */
function attempt(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<Attempt> {
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise(resolve => {
    let result: Attempt | undefined;
    const settle = (outcome: Attempt) => {
      result ??= outcome;
      resolve(result);
    };
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...headers, 'Content-Length': Buffer.byteLength(body) },
    });
    const timer = setTimeout(() => {
      settle({
        ok: false,
        retry: true,
        problem: `no answer within ${timeoutMs / 1000}s`,
      });
      req.destroy();
    }, timeoutMs);
    req.on('response', res => {
      settle(judge(res));
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > MAX_ANSWER) req.destroy();
      });
      res.on('error', () => {});
      res.on('close', () => clearTimeout(timer));
    });
    req.on('error', e => {
      clearTimeout(timer);
      settle({ ok: false, retry: true, problem: networkProblem(e) });
    });
    req.end(body);
  });
}

/**
 * POSTs `body` to `url`, retrying what may pass later (network errors,
 * timeouts, 5xx, 408, 429) with a doubling backoff, or the `Retry-After`
 * asked for within its limit. `headers` are made per attempt, so a
 * signature's timestamp is that of the attempt. Problems never include the
 * URL, which is a secret.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: (attempt: number) => Record<string, string>,
  options: PostOptions,
): Promise<PostOutcome> {
  const problem = webhookUrlProblem(url);
  if (problem) return { ok: false, attempts: 0, problem: `URL ${problem}` };
  const target = new URL(url);
  let last: Attempt | undefined;
  for (let n = 1; n <= options.retries + 1; n++) {
    last = await attempt(target, body, headers(n), options.timeoutMs);
    if (last.ok) return { ok: true, attempts: n };
    if (!last.retry || n > options.retries || options.signal?.aborted)
      return { ok: false, attempts: n, problem: last.problem };
    const backoff = options.backoffMs * 2 ** (n - 1);
    const wait = Math.min(
      Math.max(backoff, last.retryAfterMs ?? 0),
      Math.max(backoff, options.retryAfterLimitMs),
    );
    try {
      await sleep(wait, undefined, { signal: options.signal });
    } catch {
      return { ok: false, attempts: n, problem: `${last.problem} (stopped)` };
    }
  }
  return { ok: false, attempts: options.retries + 1, problem: last!.problem };
}
