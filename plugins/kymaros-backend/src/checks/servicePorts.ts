import type {
  CoreV1Api,
  V1Pod,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import type { CheckContext, CheckOutcome } from '@kymaros/plugin-kymaros-node';
import { apiErrorCode, describeError } from '../util/errors';
import { Located, locateOne } from './sandboxSearch';

/** Finds a Service port by name, or by number (a numeric string counts as a number, as YAML quoting varies). */
export function findServicePort(
  service: V1Service,
  port: number | string,
): V1ServicePort | undefined {
  const ports = service.spec?.ports ?? [];
  const byName = ports.find(p => p.name !== undefined && p.name === port);
  if (byName) return byName;
  const number = typeof port === 'number' ? port : Number(port);
  return Number.isInteger(number)
    ? ports.find(p => p.port === number)
    : undefined;
}

/** `http/8080, 9090`: the ports a Service offers, for error messages. */
export function describeServicePorts(service: V1Service): string {
  const ports = service.spec?.ports ?? [];
  if (ports.length === 0) return 'none';
  return ports
    .map(p => (p.name ? `${p.name}/${p.port}` : `${p.port}`))
    .join(', ');
}

/**
 * The container port a Service port sends traffic to on one pod: its
 * targetPort as a number, or the container port of that name (which can
 * differ between pods), defaulting to the Service port itself.
 */
export function resolveTargetPort(
  pod: V1Pod,
  servicePort: V1ServicePort,
): number | undefined {
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const container of pod.spec?.containers ?? []) {
    const match = (container.ports ?? []).find(p => p.name === target);
    if (match) return match.containerPort;
  }
  return undefined;
}

/** A Service by name, or undefined when the sandbox has none. */
async function readService(
  core: CoreV1Api,
  namespace: string,
  name: string,
): Promise<V1Service | undefined> {
  try {
    return await core.readNamespacedService({ name, namespace });
  } catch (e) {
    if (apiErrorCode(e) === 404) return undefined;
    throw new Error(
      `could not read Service ${name} in ${namespace}: ${describeError(e)}`,
    );
  }
}

/**
 * The Service a check names and its port, in the one sandbox holding that
 * Service (see `locateOne`), or the failed outcome explaining why there is
 * none.
 */
export async function locateServicePort(
  core: CoreV1Api,
  context: CheckContext,
  name: string,
  portRef: number | string,
): Promise<
  | Located<{ service: V1Service; port: V1ServicePort }>
  | { failed: CheckOutcome }
> {
  let located: Located<V1Service> | { failed: CheckOutcome };
  try {
    located = await locateOne(context, `Service ${name}`, where =>
      readService(core, where.sandbox, name),
    );
  } catch (e) {
    if (context.signal.aborted) throw e;
    return { failed: { status: 'fail', message: describeError(e) } };
  }
  if ('failed' in located) return located;
  const service = located.found;
  const port = findServicePort(service, portRef);
  if (!port) {
    return {
      failed: {
        status: 'fail',
        message: `Service ${name} has no port ${JSON.stringify(
          portRef,
        )} (ports: ${describeServicePorts(service)})`,
        ...located.place,
      },
    };
  }
  return { ...located, found: { service, port } };
}
