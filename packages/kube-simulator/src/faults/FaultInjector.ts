import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import { ApiError, errors } from '../api/status';

export const faultRuleSchema = z
  .object({
    /** Regular expression matched against the request path. */
    path: z.string().optional(),
    method: z.string().optional(),
    /** Extra latency before the request is handled. */
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    /** Answer with this error status instead of handling the request. */
    status: z
      .union([
        z.literal(403),
        z.literal(429),
        z.literal(500),
        z.literal(502),
        z.literal(503),
        z.literal(504),
      ])
      .optional(),
    retryAfterSeconds: z.number().int().min(1).optional(),
    /** Close matching watch streams after this long. */
    dropWatchAfterMs: z.number().int().min(0).optional(),
    /** How many matching requests the rule affects; unlimited when absent. */
    times: z.number().int().min(1).optional(),
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

export type FaultRule = z.infer<typeof faultRuleSchema>;

interface ActiveRule extends FaultRule {
  id: number;
  remaining?: number;
  regex?: RegExp;
}

/** Latency, error answers and dropped watches, applied to matching API requests. */
export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const parsed = faultRuleSchema.parse(rule);
    const id = this.nextId++;
    this.rules.push({
      ...parsed,
      id,
      remaining: parsed.times,
      regex: parsed.path ? new RegExp(parsed.path) : undefined,
    });
    return id;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map(({ regex, remaining, ...r }) => ({
      ...r,
      times: remaining,
    }));
  }

  private matching(
    req: IncomingMessage,
    want: (r: ActiveRule) => boolean,
  ): ActiveRule | undefined {
    const path = (req.url ?? '').split('?')[0];
    for (const r of this.rules) {
      if (!want(r)) continue;
      if (r.method && r.method.toUpperCase() !== req.method) continue;
      if (r.regex && !r.regex.test(path)) continue;
      if (r.probability !== undefined && Math.random() >= r.probability)
        continue;
      if (r.remaining !== undefined) {
        r.remaining--;
        if (r.remaining <= 0) this.rules = this.rules.filter(x => x !== r);
      }
      return r;
    }
    return undefined;
  }

  /** Returns the delay to apply and, if any, the error to answer with. */
  forRequest(req: IncomingMessage): { delayMs: number; error?: ApiError } {
    const r = this.matching(
      req,
      x => x.latencyMs !== undefined || x.status !== undefined,
    );
    if (!r) return { delayMs: 0 };
    const error = r.status
      ? faultError(r.status, req, r.retryAfterSeconds)
      : undefined;
    return { delayMs: r.latencyMs ?? 0, error };
  }

  watchDropAfterMs(req: IncomingMessage): number | undefined {
    return this.matching(req, x => x.dropWatchAfterMs !== undefined)
      ?.dropWatchAfterMs;
  }
}

function faultError(
  status: number,
  req: IncomingMessage,
  retryAfterSeconds?: number,
): ApiError {
  switch (status) {
    case 403:
      return new ApiError(
        403,
        'Forbidden',
        `${req.method} ${
          (req.url ?? '').split('?')[0]
        } is forbidden: User "kube-simulator" cannot perform this request (injected fault)`,
      );
    case 429:
      return errors.tooManyRequests(retryAfterSeconds ?? 1);
    case 503:
      return errors.serviceUnavailable(
        'the server is currently unable to handle the request',
      );
    default:
      return new ApiError(
        status,
        status === 504 ? 'Timeout' : 'InternalError',
        `Internal error occurred: injected fault (${status})`,
      );
  }
}
