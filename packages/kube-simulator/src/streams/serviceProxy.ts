import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimulatorContext } from '../context';
import type { ResourceRequest } from '../server/requestInfo';
import { errors } from '../api/status';
import { kinds } from '../controllers/kinds';
import { isPodReady } from '../controllers/pods';
import { podsSelectedBy } from '../controllers/workloads';
import { resolveTargetPort } from '../controllers/services';
import { readBody } from '../server/http';
import { podHttpAnswer } from './podHttp';

/** Splits `[scheme:]name[:port]` as the API server reads a proxy target. */
export function parseProxyTarget(target: string): {
  name: string;
  portRef?: string;
} {
  const parts = target.split(':');
  if (parts.length === 3)
    return { name: parts[1], portRef: parts[2] || undefined };
  if (parts.length === 2 && (parts[0] === 'http' || parts[0] === 'https'))
    return { name: parts[1] };
  return { name: parts[0], portRef: parts[1] };
}

/**
 * `services/{[scheme:]name[:port]}/proxy/{path}`: picks a ready endpoint the
 * way the API server does and answers with the application behind it; no
 * ready endpoint gives 503, as on a real cluster.
 */
export async function handleServiceProxy(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  url: URL,
): Promise<void> {
  await readBody(req);
  const { name, portRef } = parseProxyTarget(info.name!);
  const k = kinds(ctx.registry);
  const svc = ctx.store.get(k.services, info.namespace, name);
  if (!svc) throw errors.notFound('services', '', name);
  const ports: any[] = svc.spec?.ports ?? [];
  const svcPort = portRef
    ? ports.find(p => p.name === portRef || String(p.port) === portRef)
    : ports[0];
  if (!svcPort)
    throw errors.serviceUnavailable(
      `no service port ${portRef} found for service "${name}"`,
    );
  const ready = podsSelectedBy(
    ctx,
    info.namespace!,
    svc.spec?.selector ?? {},
  ).filter(isPodReady);
  if (!svc.spec?.selector || ready.length === 0)
    throw errors.serviceUnavailable(
      `no endpoints available for service "${name}"`,
    );
  const pod = ready[Math.floor(Math.random() * ready.length)];
  const port = resolveTargetPort(pod, svcPort);
  if (!port || ctx.behaviours.tcpRefused(pod, port)) {
    throw errors.serviceUnavailable(
      `error trying to reach service: dial tcp ${pod.status.podIP}:${
        port ?? svcPort.targetPort
      }: connect: connection refused`,
    );
  }
  const path = `/${info.rest ?? ''}${url.search}`;
  const answer = await podHttpAnswer(ctx, pod, path);
  const body = Buffer.from(answer.body ?? '');
  res.writeHead(answer.status, {
    'Content-Type': answer.contentType ?? 'text/plain; charset=utf-8',
    'Content-Length': body.length,
  });
  res.end(body);
}

/** `pods/{name}/log`: the container's scripted log text. */
export async function handlePodLog(
  ctx: SimulatorContext,
  _req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  url: URL,
): Promise<void> {
  const pod = ctx.store.get(
    kinds(ctx.registry).pods,
    info.namespace,
    info.name!,
  );
  if (!pod) throw errors.notFound('pods', '', info.name!);
  const container = url.searchParams.get('container');
  const containers: any[] = pod.spec?.containers ?? [];
  const c = container
    ? containers.find(x => x.name === container)
    : containers[0];
  if (!c)
    throw errors.badRequest(
      `container ${container} is not valid for pod ${info.name}`,
    );
  if (!container && containers.length > 1) {
    throw errors.badRequest(
      `a container name must be specified for pod ${
        info.name
      }, choose one of: [${containers.map(x => x.name).join(' ')}]`,
    );
  }
  const status = (pod.status?.containerStatuses ?? []).find(
    (s: any) => s.name === c.name,
  );
  const previous = url.searchParams.get('previous') === 'true';
  if (!previous && status?.state?.waiting?.reason === 'ContainerCreating') {
    throw errors.badRequest(
      `container "${c.name}" in pod "${info.name}" is waiting to start: ContainerCreating`,
    );
  }
  let text = ctx.behaviours.log(pod);
  const tail = Number(url.searchParams.get('tailLines') ?? 0);
  // Count real lines: a trailing newline does not start another one.
  if (tail > 0)
    text = `${text.replace(/\n$/, '').split('\n').slice(-tail).join('\n')}${
      text.endsWith('\n') ? '\n' : ''
    }`;
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(text);
}
