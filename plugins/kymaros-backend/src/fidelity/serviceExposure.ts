import type { RestoreEdit } from '@kymaros/plugin-kymaros-node';

/** The Service types that open the sandbox to the outside, and what the run then does not test. */
export const EXPOSED_SERVICE_TYPES: Record<string, string> = {
  LoadBalancer: 'the external load balancer',
  NodePort: 'the node port',
};

/** Fields that only an exposed Service may carry, or that reach outside it. */
const exposureFields = {
  type: 'ClusterIP',
  externalTrafficPolicy: null,
  loadBalancerIP: null,
  loadBalancerSourceRanges: null,
  loadBalancerClass: null,
  allocateLoadBalancerNodePorts: null,
  healthCheckNodePort: null,
  externalIPs: null,
};

function withoutNodePort(port: unknown): unknown {
  if (!port || typeof port !== 'object') return port;
  const { nodePort: _nodePort, ...rest } = port as Record<string, unknown>;
  return rest;
}

/** Turns this exposed Service into a ClusterIP one, its ports kept without node ports. */
export function closeServiceEdit(
  namespace: string,
  name: string,
  spec: Record<string, any>,
): RestoreEdit {
  const ports = Array.isArray(spec.ports)
    ? { ports: spec.ports.map(withoutNodePort) }
    : {};
  return {
    resource: 'services',
    namespace,
    name,
    when: [{ path: '/spec/type', value: spec.type }],
    mergePatch: { spec: { ...exposureFields, ...ports } },
  };
}

/**
 * Without the bodies: every exposed Service of the namespace becomes
 * ClusterIP. A merge patch cannot reach into `ports`, so node ports are left
 * to the provider (Velero drops them unless told to keep them).
 */
export function closeServicesEdits(namespace: string): RestoreEdit[] {
  return Object.keys(EXPOSED_SERVICE_TYPES).map(type => ({
    resource: 'services',
    namespace,
    when: [{ path: '/spec/type', value: type }],
    mergePatch: { spec: exposureFields },
  }));
}

/**
 * Every Service of the namespace, whatever its type, loses its external IPs:
 * kube-proxy would send traffic for those addresses to the sandbox.
 */
export function dropExternalIPsEdit(namespace: string): RestoreEdit {
  return {
    resource: 'services',
    namespace,
    mergePatch: { spec: { externalIPs: null } },
  };
}
