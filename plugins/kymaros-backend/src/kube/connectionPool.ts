import { createHash } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/**
 * How long an idle connection stays open for the next request. Well below
 * the API server's own idle timeout (90 s) and the 60 s of common load
 * balancers, so a request rarely meets a connection the far end just closed.
 */
export const IDLE_CONNECTION_MS = 10_000;

/** Enough for every cluster a backend talks to, each with a credential or two. */
const MAX_POOLS = 32;

type PooledAgent = http.Agent | https.Agent;

const pools = new Map<string, PooledAgent>();

/** A fingerprint of what makes two agents' connections interchangeable (TLS material hashed). */
function poolKey(agent: PooledAgent): string {
  const options = (agent as unknown as { options: Record<string, unknown> })
    .options;
  const parts = Object.keys(options)
    .sort()
    .filter(name => options[name] !== undefined)
    .map(name => `${name}=${fingerprint(options[name])}`);
  return `${agent instanceof https.Agent ? 'https' : 'http'}|${parts.join(
    '|',
  )}`;
}

function fingerprint(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(fingerprint).join(',')}]`;
  if (typeof value === 'string' || Buffer.isBuffer(value))
    return createHash('sha256').update(value).digest('hex');
  return JSON.stringify(value) ?? String(value);
}

/** Idle connections close after IDLE_CONNECTION_MS; a reused one has no timeout while it serves a request (watches may be quiet for minutes). */
function closeWhenIdle(agent: PooledAgent): PooledAgent {
  // Node returns whether to keep the socket; its typings say void.
  const keepSocketAlive = agent.keepSocketAlive.bind(agent) as unknown as (
    socket: Socket,
  ) => boolean;
  const reuseSocket = agent.reuseSocket.bind(agent);
  (
    agent as unknown as { keepSocketAlive: typeof keepSocketAlive }
  ).keepSocketAlive = (socket: Socket) => {
    const keep = keepSocketAlive(socket);
    if (keep) socket.setTimeout(IDLE_CONNECTION_MS);
    return keep;
  };
  agent.reuseSocket = (socket: Socket, request: http.ClientRequest) => {
    socket.setTimeout(0);
    reuseSocket(socket, request);
  };
  return agent;
}

function keepAliveLike(agent: PooledAgent): PooledAgent {
  const options = {
    ...(agent as unknown as { options: https.AgentOptions }).options,
    keepAlive: true,
    scheduling: 'lifo' as const,
  };
  return closeWhenIdle(
    agent instanceof https.Agent
      ? new https.Agent(options)
      : new http.Agent(options),
  );
}

/**
 * A shared keep-alive agent with the same connection options as `agent`,
 * which the Kubernetes client builds afresh for every request: without
 * sharing, each request pays a new TCP and TLS handshake, on the backend and
 * on the API server. Proxy agents (SOCKS, HTTP CONNECT) are left as they
 * are. Bearer tokens travel per request, so only the connection is shared.
 */
export function pooledAgent<T>(agent: T): T {
  const type = (agent as { constructor?: unknown } | undefined)?.constructor;
  if (type !== https.Agent && type !== http.Agent) return agent;
  const key = poolKey(agent as PooledAgent);
  let pooled = pools.get(key);
  if (pooled) pools.delete(key);
  else pooled = keepAliveLike(agent as PooledAgent);
  pools.set(key, pooled);
  // The least recently used pool goes; its idle connections close on their own.
  if (pools.size > MAX_POOLS) pools.delete(pools.keys().next().value!);
  return pooled as T;
}
