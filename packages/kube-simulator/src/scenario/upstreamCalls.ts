import type { KubeObject } from '../store/types';
import { behaviourAnnotations, type HttpAnswer } from './behaviours';

/**
 * The `sim.kymaros.io/upstream` behaviour, shared by the kube-simulator and
 * the pod agent of the real test cluster: a route of a pod answers by
 * calling the address one of its environment variables holds, as an
 * application calls its database. `/db=DB_URL, /cache=CACHE_URL` makes
 * `GET /db` connect to the host and port in `DB_URL`, resolved as cluster
 * DNS and kube-proxy would: a Service's ready endpoints. The answer is 200
 * naming the namespace reached, or 502 naming the host that could not be.
 */
export interface UpstreamRoute {
  path: string;
  env: string;
}

/** A Service's ready endpoint; the simulator also knows the pod behind it. */
export interface UpstreamEndpoint {
  ip: string;
  port: number;
  pod?: KubeObject;
}

/** What resolving an upstream reads from the cluster (the API server, or the simulator's store). */
export interface UpstreamCluster {
  configMapValue(
    namespace: string,
    name: string,
    key: string,
  ): Promise<string | undefined>;
  secretValue(
    namespace: string,
    name: string,
    key: string,
  ): Promise<string | undefined>;
  service(namespace: string, name: string): Promise<KubeObject | undefined>;
  readyEndpoints(
    service: KubeObject,
    servicePort: any,
  ): Promise<UpstreamEndpoint[]>;
}

/** Where a route's call goes: the Service it resolved to and one of its endpoints. */
export interface UpstreamTarget {
  /** `host:port` as the environment variable names it (never its credentials or path). */
  address: string;
  namespace: string;
  service: string;
  endpoint: UpstreamEndpoint;
  path: string;
}

/** ExternalName Services followed before giving up, as a resolver limits CNAME chains. */
const maxAliases = 5;

/** The routes of a pod's annotation; entries without `path=ENV` are not routes. */
export function upstreamRoutes(pod: KubeObject): UpstreamRoute[] {
  const text = pod.metadata?.annotations?.[behaviourAnnotations.upstream] ?? '';
  return text
    .split(',')
    .map(entry => entry.trim().split('='))
    .filter(parts => parts.length === 2 && parts[0] && parts[1])
    .map(([path, env]) => ({
      path: `/${path.trim().replace(/^\/+/, '')}`,
      env: env.trim(),
    }));
}

/** The route a request path (query ignored) selects, if any. */
export function upstreamRouteFor(
  pod: KubeObject,
  requestPath: string,
): UpstreamRoute | undefined {
  const path = `/${requestPath.split('?')[0].replace(/^\/+/, '')}`;
  return upstreamRoutes(pod).find(r => r.path === path);
}

interface Address {
  host: string;
  port?: number;
  path: string;
}

/** `scheme://[user@]host[:port][/path]` or `host[:port][/path]`. */
export function parseAddress(value: string): Address | undefined {
  const text = value.trim();
  const withScheme = text.includes('://') ? text : `tcp://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (!url.hostname) return undefined;
  const defaults: Record<string, number> = { 'http:': 80, 'https:': 443 };
  const port = url.port ? Number(url.port) : defaults[url.protocol];
  // Only an HTTP URL's path is a request path (a database URL's names the database).
  const http = url.protocol in defaults;
  return { host: url.hostname, port, path: (http && url.pathname) || '/' };
}

/**
 * The Service a cluster DNS name means, from a pod of `podNamespace`:
 * `svc`, `svc.ns`, `svc.ns.svc`, `svc.ns.svc.cluster.local`.
 */
export function serviceOfHost(
  host: string,
  podNamespace: string,
): { service: string; namespace: string } | undefined {
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  const suffix = labels.slice(2).join('.');
  if (labels.length === 1)
    return { service: labels[0], namespace: podNamespace };
  if (!['', 'svc', 'svc.cluster.local'].includes(suffix)) return undefined;
  return { service: labels[0], namespace: labels[1] };
}

/** 502 naming the host, as a proxy in front of the application would. */
export function unreachable(address: string, reason: string): HttpAnswer {
  return {
    status: 502,
    body: `cannot reach ${address}: ${reason}`,
    contentType: 'text/plain',
  };
}

/** The answer once the upstream answered `status`: 200 naming the namespace reached. */
export function reached(target: UpstreamTarget, status: number): HttpAnswer {
  const via = `${target.service}.${target.namespace} (${target.endpoint.ip}:${target.endpoint.port})`;
  if (status >= 400)
    return unreachable(target.address, `${via} answered ${status}`);
  return {
    status: 200,
    body: `reached ${target.namespace}: ${via} answered ${status}`,
    contentType: 'text/plain',
  };
}

async function envValue(
  pod: KubeObject,
  name: string,
  cluster: UpstreamCluster,
): Promise<string | undefined> {
  const namespace = pod.metadata.namespace!;
  for (const c of pod.spec?.containers ?? []) {
    const e = (c.env ?? []).find((x: any) => x.name === name);
    if (!e) continue;
    const cm = e.valueFrom?.configMapKeyRef;
    const secret = e.valueFrom?.secretKeyRef;
    if (cm) return cluster.configMapValue(namespace, cm.name, cm.key);
    if (secret) return cluster.secretValue(namespace, secret.name, secret.key);
    return e.value;
  }
  return undefined;
}

/**
 * Resolves a route of `pod` to a ready endpoint, or says (as a 502) why it
 * cannot. An env value may hold credentials (a Secret's URL): only its host
 * and port ever appear in an answer.
 */
export async function resolveUpstream(
  pod: KubeObject,
  route: UpstreamRoute,
  cluster: UpstreamCluster,
): Promise<UpstreamTarget | HttpAnswer> {
  const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const value = await envValue(pod, route.env, cluster);
  if (value === undefined)
    return unreachable(
      route.env,
      `env ${route.env} is not set in pod ${podName}`,
    );
  let address = parseAddress(value);
  if (!address)
    return unreachable(route.env, `env ${route.env} holds no host address`);
  const named = `${address.host}${address.port ? `:${address.port}` : ''}`;
  for (let alias = 0; alias <= maxAliases; alias++) {
    const ref = serviceOfHost(address.host, pod.metadata.namespace!);
    if (!ref)
      return unreachable(
        named,
        `${address.host} is not a Service name of the cluster`,
      );
    const svc = await cluster.service(ref.namespace, ref.service);
    if (!svc)
      return unreachable(
        named,
        `no Service ${ref.service} in namespace ${ref.namespace}`,
      );
    if (svc.spec?.type === 'ExternalName') {
      address = { ...address, host: svc.spec.externalName ?? '' };
      continue;
    }
    return pickEndpoint(svc, address, named, cluster);
  }
  return unreachable(
    named,
    `more than ${maxAliases} ExternalName Services in a row`,
  );
}

async function pickEndpoint(
  svc: KubeObject,
  address: Address,
  named: string,
  cluster: UpstreamCluster,
): Promise<UpstreamTarget | HttpAnswer> {
  const { name, namespace } = svc.metadata;
  const ports: any[] = svc.spec?.ports ?? [];
  const svcPort = address.port
    ? ports.find(p => p.port === address.port)
    : ports[0];
  if (!svcPort)
    return unreachable(
      named,
      `Service ${name}.${namespace} has no port ${address.port ?? ''}`.trim(),
    );
  const endpoints = await cluster.readyEndpoints(svc, svcPort);
  if (endpoints.length === 0)
    return unreachable(
      named,
      `Service ${name}.${namespace} has no ready endpoint`,
    );
  return {
    address: named,
    namespace: namespace!,
    service: name,
    endpoint: endpoints[Math.floor(Math.random() * endpoints.length)],
    path: address.path,
  };
}

export function isTarget(x: UpstreamTarget | HttpAnswer): x is UpstreamTarget {
  return 'endpoint' in x;
}
