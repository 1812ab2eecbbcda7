import { ApiError } from '../api/status';
import type { KubeObject } from '../store/types';

/** The quota resources a Service of each type uses, as Kubernetes' quota evaluator counts them. */
function quotaUse(service: KubeObject): Record<string, number> {
  switch (service.spec?.type) {
    case 'LoadBalancer':
      return { 'services.loadbalancers': 1, 'services.nodeports': 1 };
    case 'NodePort':
      return { 'services.nodeports': 1 };
    default:
      return {};
  }
}

/**
 * Refuses a new Service (or a type change) that would go over a
 * ResourceQuota's `services.loadbalancers` or `services.nodeports` in its
 * namespace, with the API server's message, once the quota's `status.hard`
 * names them. Other quota resources are not enforced by the simulator.
 */
export function checkServiceQuota(
  service: KubeObject,
  old: KubeObject | undefined,
  quotas: KubeObject[],
  services: KubeObject[],
): void {
  const requested = quotaUse(service);
  const before = old ? quotaUse(old) : {};
  for (const quota of quotas) {
    for (const [resource, count] of Object.entries(requested)) {
      // Enforced once the quota controller has set status.hard, as the API server does.
      const hard = quota.status?.hard?.[resource];
      if (hard === undefined || count <= (before[resource] ?? 0)) continue;
      const used = services
        .filter(s => s.metadata.name !== service.metadata.name)
        .reduce((sum, s) => sum + (quotaUse(s)[resource] ?? 0), 0);
      if (used + count > Number(hard))
        throw new ApiError(
          403,
          'Forbidden',
          `services "${service.metadata.name}" is forbidden: exceeded quota: ${quota.metadata.name}, requested: ${resource}=${count}, used: ${resource}=${used}, limited: ${resource}=${hard}`,
        );
    }
  }
}
