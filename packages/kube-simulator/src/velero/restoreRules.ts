import type { ResourceType } from '../api/resources';
import type { KubeObject } from '../store/types';

/** One object of the backup, as it will be written into the cluster. */
export interface PlannedItem {
  type: ResourceType;
  source: KubeObject;
  /** The source with its namespace mapped. */
  target: KubeObject;
}

/** Kinds whose controller-owned objects come back through their controllers instead. */
const OWNED_KINDS = ['Pod', 'ReplicaSet', 'Endpoints', 'ControllerRevision'];

/** Whether Velero deliberately leaves this object out of a restore. */
export function leftOutOfRestore({ type, source }: PlannedItem): boolean {
  switch (type.kind) {
    case 'Pod':
      if (['Succeeded', 'Failed'].includes(source.status?.phase)) return true;
      break;
    case 'Job':
      if (source.status?.completionTime) return true;
      break;
    case 'Secret':
      if (source.type === 'kubernetes.io/service-account-token') return true;
      break;
    default:
      break;
  }
  // A simplification of Velero's pod and replicaset handling.
  const owned = (source.metadata.ownerReferences ?? []).some(
    ref => ref.controller,
  );
  if (owned && OWNED_KINDS.includes(type.kind)) return true;
  return type.kind === 'Endpoints';
}

/** A Service's cluster IPs and node ports belong to the cluster it was backed up from. */
function resetService(spec: any) {
  if (spec.clusterIP !== 'None') {
    delete spec.clusterIP;
    delete spec.clusterIPs;
  }
  spec.ports = (spec.ports ?? []).map(({ nodePort, ...port }: any) => port);
}

/**
 * The body to create for a restored object, before resource modifiers and
 * the namespace mapping apply: without server-set metadata and status, and
 * without a Service's cluster IPs and node ports (Velero's service action).
 * Volume bindings are decided in `restoreVolumes`.
 */
export function resetForRestore(object: KubeObject): KubeObject {
  const {
    uid,
    resourceVersion,
    creationTimestamp,
    generation,
    managedFields,
    deletionTimestamp,
    ownerReferences,
    selfLink,
    generateName,
    deletionGracePeriodSeconds,
    ...metadata
  } = object.metadata;
  const body: KubeObject = JSON.parse(JSON.stringify({ ...object, metadata }));
  delete body.status;
  if (body.kind === 'Service' && body.spec) resetService(body.spec);
  return body;
}

/** Velero labels every restored object with its restore and backup. */
export function withRestoreLabels(
  object: KubeObject,
  labels: Record<string, string>,
): KubeObject {
  return {
    ...object,
    metadata: {
      ...object.metadata,
      labels: { ...(object.metadata.labels ?? {}), ...labels },
    },
  };
}
