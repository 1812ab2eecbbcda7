import type * as k8s from '@kubernetes/client-node';
import type {
  CheckEvidence,
  CheckResult,
  HealthCheck,
} from '@kymaros/plugin-kymaros-common';

/** A failed check with its definition, as the run ran it. */
export interface FailedCheck {
  result: CheckResult;
  definition?: HealthCheck;
}

/** A pod of a sandbox, as listed when the evidence was kept. */
export interface ListedPod {
  namespace: string;
  pod: k8s.V1Pod;
}

/** Label selectors a check's settings point at, by check type: the pods it examines. */
function podSelector(
  check: HealthCheck,
  serviceSelector: (name: string) => Record<string, string>[],
): Record<string, string>[] {
  const settings = (check[check.type] ?? {}) as Record<string, any>;
  switch (check.type) {
    case 'podStatus':
      return settings.labelSelector ? [settings.labelSelector] : [];
    case 'exec':
      return settings.podSelector ? [settings.podSelector] : [];
    case 'httpGet':
    case 'tcpSocket':
      return typeof settings.service === 'string'
        ? serviceSelector(settings.service)
        : [];
    default:
      return [];
  }
}

const matches = (pod: k8s.V1Pod, selector: Record<string, string>) =>
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => pod.metadata?.labels?.[k] === v);

/** The sandboxes a check ran in: those of its source namespaces (`web, data`), else all. */
function sandboxesOf(
  result: CheckResult,
  sandboxes: Record<string, string>,
): string[] {
  const named = (result.namespace ?? '')
    .split(',')
    .map(n => sandboxes[n.trim()])
    .filter(Boolean);
  return named.length ? named : Object.values(sandboxes);
}

/**
 * Each failed check with its message and where to look: the pods it
 * targets (a podStatus or exec selector, the pods behind an httpGet or
 * tcpSocket Service), else the sandboxes it searched.
 */
export function checkEvidence(
  failed: FailedCheck[],
  context: {
    sandboxes: Record<string, string>;
    pods: ListedPod[];
    services: { namespace: string; service: k8s.V1Service }[];
  },
): CheckEvidence[] {
  return failed.map(({ result, definition }) => {
    const sandboxes = sandboxesOf(result, context.sandboxes);
    const serviceSelector = (name: string) =>
      context.services
        .filter(
          s =>
            sandboxes.includes(s.namespace) &&
            s.service.metadata?.name === name,
        )
        .map(s => s.service.spec?.selector ?? {});
    const selectors = definition
      ? podSelector(definition, serviceSelector)
      : [];
    const pods = context.pods
      .filter(
        p =>
          sandboxes.includes(p.namespace) &&
          selectors.some(s => matches(p.pod, s)),
      )
      .map(p => ({ namespace: p.namespace, podName: p.pod.metadata!.name! }));
    return {
      name: result.name,
      ...(result.type ? { type: result.type } : {}),
      message: result.message,
      sandboxes,
      pods,
    };
  });
}

/** Whether any failed check reads a Service (so the sandboxes' Services are worth listing). */
export function needsServices(failed: FailedCheck[]): boolean {
  return failed.some(
    f => f.definition?.type === 'httpGet' || f.definition?.type === 'tcpSocket',
  );
}
