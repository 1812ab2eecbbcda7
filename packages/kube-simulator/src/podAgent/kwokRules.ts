import type { KubeObject } from '../store/types';

/** Labels on the rules the agent writes: never backed up, and recognisable. */
export const agentRuleLabels = {
  'app.kubernetes.io/managed-by': 'kymaros-pod-agent',
  'velero.io/exclude-from-backup': 'true',
};

/** Declared TCP container ports of a pod, with the container that declares them. */
export function containerPorts(pod: KubeObject): number[] {
  const ports = new Set<number>();
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if ((p.protocol ?? 'TCP') === 'TCP' && p.containerPort)
        ports.add(p.containerPort);
  return [...ports].sort((a, b) => a - b);
}

/** Lines of a container log in the CRI format the kubelet (and kwok) read. */
export function criLog(text: string, at: Date): string {
  if (!text) return '';
  const lines = text.endsWith('\n') ? text.slice(0, -1) : text;
  return lines
    .split('\n')
    .map(line => `${at.toISOString()} stdout F ${line}\n`)
    .join('');
}

function ruleMeta(pod: KubeObject) {
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    labels: agentRuleLabels,
    // Collected with the pod by the garbage collector.
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
    ],
  };
}

/**
 * A kwok `PortForward` for a pod: each declared port goes to the same port on
 * the pod's IP (where the agent listens unless the port refuses TCP); any
 * other port goes to port 1 of the pod IP, where nothing listens, so it is
 * refused as on a real pod.
 */
export function portForwardRule(pod: KubeObject, podIP: string) {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'PortForward',
    metadata: ruleMeta(pod),
    spec: {
      forwards: [
        ...containerPorts(pod).map(port => ({
          ports: [port],
          target: { port, address: podIP },
        })),
        { target: { port: 1, address: podIP } },
      ],
    },
  };
}

/** A kwok `Logs` rule serving one file per container. */
export function logsRule(
  pod: KubeObject,
  fileOf: (container: string) => string,
) {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: ruleMeta(pod),
    spec: {
      logs: (pod.spec?.containers ?? []).map((c: { name: string }) => ({
        containers: [c.name],
        logsFile: fileOf(c.name),
      })),
    },
  };
}
