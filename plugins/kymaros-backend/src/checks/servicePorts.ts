import type {
  CoreV1Api,
  V1Pod,
  V1Service,
  V1ServicePort,
} from '@kubernetes/client-node';
import type { CheckOutcome } from '@kymaros/plugin-kymaros-node';
import { apiErrorCode, describeError } from '../util/errors';

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

/** The Service and its port a check targets, or the failed outcome explaining why there is none. */
export async function lookupServicePort(
  core: CoreV1Api,
  namespace: string,
  name: string,
  portRef: number | string,
): Promise<
  { service: V1Service; port: V1ServicePort } | { failed: CheckOutcome }
> {
  let service: V1Service;
  try {
    service = await core.readNamespacedService({ name, namespace });
  } catch (e) {
    return {
      failed: {
        status: 'fail',
        message:
          apiErrorCode(e) === 404
            ? `Service ${name} not found in ${namespace}`
            : `could not read Service ${name}: ${describeError(e)}`,
      },
    };
  }
  const port = findServicePort(service, portRef);
  if (!port) {
    return {
      failed: {
        status: 'fail',
        message: `Service ${name} has no port ${JSON.stringify(
          portRef,
        )} (ports: ${describeServicePorts(service)})`,
      },
    };
  }
  return { service, port };
}
