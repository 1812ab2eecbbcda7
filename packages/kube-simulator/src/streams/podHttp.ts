import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import type { HttpAnswer } from '../scenario/behaviours';
import {
  isTarget,
  reached,
  resolveUpstream,
  unreachable,
  upstreamRouteFor,
  type UpstreamCluster,
} from '../scenario/upstreamCalls';
import { kinds } from '../controllers/kinds';
import { isPodReady } from '../controllers/pods';
import { podsSelectedBy } from '../controllers/workloads';
import { resolveTargetPort } from '../controllers/services';

/** Upstream calls a request may chain through before it is taken for a loop. */
const maxHops = 8;

/**
 * What the application in `pod` answers on `path`: an upstream route calls
 * the Service it names (`sim.kymaros.io/upstream`), as the pod agent does on
 * the real test cluster; any other path answers from the HTTP table.
 */
export async function podHttpAnswer(
  ctx: SimulatorContext,
  pod: KubeObject,
  path: string,
  hops = 0,
): Promise<HttpAnswer> {
  const route = upstreamRouteFor(pod, path);
  if (!route) return ctx.behaviours.httpAnswer(pod, path);
  const target = await resolveUpstream(pod, route, storeCluster(ctx));
  if (!isTarget(target)) return target;
  const upstream = target.endpoint.pod!;
  if (ctx.behaviours.tcpRefused(upstream, target.endpoint.port))
    return unreachable(
      target.address,
      `dial tcp ${target.endpoint.ip}:${target.endpoint.port}: connect: connection refused`,
    );
  if (hops >= maxHops)
    return unreachable(target.address, `more than ${maxHops} upstream hops`);
  const answer = await podHttpAnswer(ctx, upstream, target.path, hops + 1);
  return reached(target, answer.status);
}

/** The simulator's store seen as cluster DNS and kube-proxy see it. */
function storeCluster(ctx: SimulatorContext): UpstreamCluster {
  const k = kinds(ctx.registry);
  return {
    configMapValue: async (namespace, name, key) =>
      ctx.store.get(k.configmaps, namespace, name)?.data?.[key],
    secretValue: async (namespace, name, key) => {
      const secret = ctx.store.get(k.secrets, namespace, name);
      const data = secret?.data?.[key];
      return data !== undefined
        ? Buffer.from(data, 'base64').toString('utf8')
        : secret?.stringData?.[key];
    },
    service: async (namespace, name) =>
      ctx.store.get(k.services, namespace, name),
    readyEndpoints: async (svc, servicePort) =>
      podsSelectedBy(ctx, svc.metadata.namespace!, svc.spec?.selector ?? {})
        .filter(pod => svc.spec?.selector && isPodReady(pod))
        .map(pod => ({
          ip: pod.status.podIP,
          port: resolveTargetPort(pod, servicePort)!,
          pod,
        }))
        .filter(e => e.port !== undefined),
  };
}
