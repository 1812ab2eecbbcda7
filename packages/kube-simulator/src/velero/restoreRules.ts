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

/** Annotations that record a binding to a volume the restore does not bring back. */
const BINDING_ANNOTATIONS = [
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
  'volume.kubernetes.io/selected-node',
];

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
    case 'PersistentVolume':
      return true; // re-provisioned dynamically for the restored claim
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

/** A claim binds afresh to a new volume. */
function resetClaim(body: KubeObject) {
  delete body.spec.volumeName;
  const annotations = { ...(body.metadata.annotations ?? {}) };
  for (const key of BINDING_ANNOTATIONS) delete annotations[key];
  body.metadata.annotations = annotations;
}

/**
 * The body to create for a restored object: without server-set metadata and
 * status, with Velero's labels, and without what must not be carried over
 * (cluster IPs, volume bindings).
 */
export function resetForRestore(
  object: KubeObject,
  labels: Record<string, string>,
): KubeObject {
  const {
    uid,
    resourceVersion,
    creationTimestamp,
    generation,
    managedFields,
    deletionTimestamp,
    ownerReferences,
    selfLink,
    ...metadata
  } = object.metadata;
  const body: KubeObject = {
    ...object,
    metadata: {
      ...metadata,
      labels: { ...(object.metadata.labels ?? {}), ...labels },
    },
  };
  delete body.status;
  if (body.kind === 'Service' && body.spec) resetService(body.spec);
  if (body.kind === 'PersistentVolumeClaim' && body.spec) resetClaim(body);
  return body;
}
