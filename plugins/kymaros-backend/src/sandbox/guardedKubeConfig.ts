import type { ClientRequest } from 'node:http';
import type https from 'node:https';
import { KubeConfig, RequestContext } from '@kubernetes/client-node';
import { NotAllowedError } from '@backstage/errors';
import { pooledAgent } from '../kube/connectionPool';
import type { WriteGuard } from './WriteGuard';

/** The part of a Node.js Agent every request of its passes through before a socket is picked or opened. */
interface RequestQueue {
  addRequest(request: ClientRequest, options: unknown): void;
}

/** What the generated client's body check already saw for one request. */
interface CheckedBody {
  method: string;
  path: string;
  body: unknown;
}

/** The request path as the API server sees it, without the server URL's own prefix (Rancher, proxies). */
export function apiPathOf(requestPath: string, server: string): string {
  const path = /^https?:\/\//i.test(requestPath)
    ? new URL(requestPath).pathname
    : requestPath.split('?')[0];
  const prefix = new URL(server).pathname.replace(/\/+$/, '');
  if (!prefix) return path;
  if (path === prefix) return '/';
  return path.startsWith(`${prefix}/`) ? path.slice(prefix.length) : path;
}

function isUpgrade(request: ClientRequest): boolean {
  return (
    request.getHeader('upgrade') !== undefined ||
    /\bupgrade\b/i.test(String(request.getHeader('connection') ?? ''))
  );
}

function parseBody(raw: unknown): unknown {
  if (typeof raw !== 'string' || !raw) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** An undici dispatcher that sends nothing: see applyToFetchOptions. */
const refuseUnguardedFetch = {
  dispatch(options: { method?: string; path?: string }): never {
    throw new NotAllowedError(
      `Kymaros refused ${options.method ?? 'a request'} ${
        options.path ?? ''
      } made with the global fetch, which bypasses its sandbox guard`,
    );
  },
};

/**
 * A KubeConfig whose every connection to the cluster passes the write guard.
 *
 * client-node creates a fresh Agent per request in two places only:
 * `applySecurityAuthentication` (generated API clients, KubernetesObjectApi)
 * and `applyToHTTPSOptions` (used by `applyToFetchOptions`, Watch, Log,
 * Metrics, the Exec/Attach/PortForward WebSocket handler and raw requests).
 * That agent is swapped for a shared keep-alive pool with the same options
 * (connectionPool), seen through a per-request view whose `addRequest` sees
 * the request's final method, path and Upgrade header before any socket is
 * picked or opened, whichever helper built it; a refusal throws from
 * `http.request` so nothing is sent, on a new or a reused connection.
 * (This covers Node's http/https, node-fetch and ws, which all honour `agent`.)
 * Generated clients are also checked with their body, which the agent never
 * sees (namespace names on create, uid preconditions on delete).
 *
 * Credentials are applied by `base` itself, so whatever presents them there
 * (a bearer token renewed as it ages, an exec plugin's cache) keeps working;
 * the guard then takes the agent `base` created, as above.
 */
export function guardedKubeConfig(
  base: KubeConfig,
  guard: WriteGuard,
): KubeConfig {
  class GuardedKubeConfig extends KubeConfig {
    override async applySecurityAuthentication(
      context: RequestContext,
    ): Promise<void> {
      const checked: CheckedBody = {
        method: String(context.getHttpMethod()).toUpperCase(),
        path: this.apiPath(context.getUrl()),
        body: parseBody(context.getBody()),
      };
      guard.assert(checked.method, checked.path, checked.body);
      await base.applySecurityAuthentication(context);
      context.setAgent(this.guardAgent(context.getAgent(), checked));
    }

    override async applyToHTTPSOptions(
      opts: Parameters<KubeConfig['applyToHTTPSOptions']>[0],
    ): Promise<void> {
      await base.applyToHTTPSOptions(opts);
      const options = opts as https.RequestOptions;
      options.agent = this.guardAgent(options.agent);
    }

    /**
     * Node's global fetch ignores `agent` and would send these credentials
     * past the guard; it honours `dispatcher`, which here refuses. client-node's
     * own helpers use node-fetch, which takes the guarded agent.
     */
    override async applyToFetchOptions(
      opts: https.RequestOptions,
    ): Promise<Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>> {
      const init = await super.applyToFetchOptions(opts);
      return Object.assign(init, { dispatcher: refuseUnguardedFetch });
    }

    private apiPath(requestPath: string): string {
      const server = this.getCurrentCluster()?.server;
      if (!server)
        throw new NotAllowedError(
          'Kymaros refused a request: the kubeconfig has no current cluster',
        );
      return apiPathOf(requestPath, server);
    }

    /**
     * The shared connection pool for this request's agent, seen through a
     * view of its own whose `addRequest` checks this request first; every
     * other property is the pool's, so the pool itself is never altered.
     */
    private guardAgent<T>(agent: T | undefined, checked?: CheckedBody): T {
      const queue = pooledAgent(agent) as unknown as RequestQueue | undefined;
      if (typeof queue?.addRequest !== 'function')
        throw new NotAllowedError(
          'Kymaros refused a request it cannot guard: the Kubernetes client gave it no connection agent',
        );
      const addRequest = (request: ClientRequest, options: unknown) => {
        const method = request.method.toUpperCase();
        const path = this.apiPath(request.path);
        // Only the very request the body was checked for may rely on that body.
        const body =
          checked && checked.method === method && checked.path === path
            ? checked.body
            : undefined;
        guard.assert(method, path, body, isUpgrade(request));
        queue.addRequest(request, options);
      };
      return new Proxy(queue, {
        get(target, property) {
          if (property === 'addRequest') return addRequest;
          const value = Reflect.get(target, property, target);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }) as T;
    }
  }
  const kc = new GuardedKubeConfig();
  kc.loadFromOptions({
    clusters: base.getClusters(),
    users: base.getUsers(),
    contexts: base.getContexts(),
    currentContext: base.getCurrentContext(),
  });
  return kc;
}
