import * as http from 'node:http';
import * as k8s from '@kubernetes/client-node';
import type { KubeObject } from '../store/types';
import type { HttpAnswer } from '../scenario/behaviours';
import {
  isTarget,
  reached,
  resolveUpstream,
  unreachable,
  type UpstreamCluster,
  type UpstreamRoute,
} from '../scenario/upstreamCalls';

/** How long an upstream may take to answer before the route gives up. */
const callTimeoutMs = 5_000;

/**
 * Answers an upstream route of `pod` on the real test cluster: resolves the
 * address through the API server (Service, then its EndpointSlices' ready
 * endpoints, as kube-proxy does) and makes the HTTP call to that pod IP, so
 * the answer proves a listener of the namespace reached really answered.
 */
export async function callUpstream(
  kubeConfig: k8s.KubeConfig,
  pod: KubeObject,
  route: UpstreamRoute,
): Promise<HttpAnswer> {
  const target = await resolveUpstream(pod, route, apiCluster(kubeConfig));
  if (!isTarget(target)) return target;
  const { ip, port } = target.endpoint;
  try {
    return reached(target, await httpStatus(ip, port, target.path));
  } catch (e) {
    return unreachable(
      target.address,
      `dial tcp ${ip}:${port}: ${(e as Error).message}`,
    );
  }
}

function httpStatus(ip: string, port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: ip, port, path, timeout: callTimeoutMs },
      res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('i/o timeout')));
    req.on('error', reject);
  });
}

const notFound = (e: unknown) =>
  e instanceof k8s.ApiException && e.code === 404;

async function orUndefined<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch (e) {
    if (notFound(e)) return undefined;
    throw e;
  }
}

/** The cluster as the agent reads it: objects by name, endpoints from EndpointSlices. */
function apiCluster(kubeConfig: k8s.KubeConfig): UpstreamCluster {
  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const discovery = kubeConfig.makeApiClient(k8s.DiscoveryV1Api);
  return {
    configMapValue: async (namespace, name, key) =>
      (await orUndefined(core.readNamespacedConfigMap({ namespace, name })))
        ?.data?.[key],
    secretValue: async (namespace, name, key) => {
      const secret = await orUndefined(
        core.readNamespacedSecret({ namespace, name }),
      );
      const data = secret?.data?.[key];
      return data === undefined
        ? undefined
        : Buffer.from(data, 'base64').toString('utf8');
    },
    service: async (namespace, name) =>
      (await orUndefined(
        core.readNamespacedService({ namespace, name }),
      )) as unknown as KubeObject | undefined,
    readyEndpoints: async (svc, servicePort) => {
      const slices = await discovery.listNamespacedEndpointSlice({
        namespace: svc.metadata.namespace!,
        labelSelector: `kubernetes.io/service-name=${svc.metadata.name}`,
      });
      return slices.items.flatMap(slice => {
        const port = (slice.ports ?? []).find(
          p => (p.name ?? '') === (servicePort.name ?? ''),
        )?.port;
        if (port === undefined) return [];
        // An unset `ready` means ready (the EndpointSlice API's rule).
        return slice.endpoints
          .filter(e => e.conditions?.ready !== false && e.addresses.length)
          .map(e => ({ ip: e.addresses[0], port }));
      });
    },
  };
}
