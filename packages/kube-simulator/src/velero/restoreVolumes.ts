import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../store/types';
import type { BackupVolumeInfo } from './backupVolumeInfo';

/** What a restore learns while restoring volumes, read when their claims follow. */
export interface VolumeRestoreState {
  /** How the backup took each volume, by PV name. */
  volumeInfos: Map<string, BackupVolumeInfo>;
  /** Volumes left to be provisioned afresh for their claims (Velero's `pvsToProvision`). */
  provisioned: Set<string>;
  /** Volumes created under a new name, old name → new name. */
  renamed: Map<string, string>;
}

/** The cluster as the volume decisions need it. */
export interface VolumeCluster {
  exists(pvName: string): boolean;
}

/** Annotations the Kubernetes volume controllers use to track a binding. */
const BINDING_ANNOTATIONS = [
  'pv.kubernetes.io/bind-completed',
  'pv.kubernetes.io/bound-by-controller',
];

/** Annotations Velero's PVC restore action removes. */
const CLAIM_ANNOTATIONS = [
  ...BINDING_ANNOTATIONS,
  'volume.kubernetes.io/storage-provisioner',
  'volume.beta.kubernetes.io/storage-provisioner',
  'volume.kubernetes.io/selected-node',
  'velero.io/volume-snapshot-name',
  'velero.io/data-upload-name',
];

function withoutAnnotations(object: KubeObject, keys: string[]) {
  const annotations = { ...(object.metadata.annotations ?? {}) };
  for (const key of keys) delete annotations[key];
  object.metadata.annotations = annotations;
}

/** Velero's resetVolumeBindingInfo, for a PV. */
function resetBinding(pv: KubeObject) {
  if (pv.spec?.claimRef) {
    const { uid, resourceVersion, ...claimRef } = pv.spec.claimRef;
    pv.spec.claimRef = claimRef;
  }
  withoutAnnotations(pv, BINDING_ANNOTATIONS);
}

/** Points the PV's claimRef at the claim's mapped namespace. */
function remapClaimRef(pv: KubeObject, mapping: Record<string, string>) {
  const ns = pv.spec?.claimRef?.namespace;
  if (ns && mapping[ns]) pv.spec.claimRef.namespace = mapping[ns];
}

/** A volume made from the snapshot: a new volume behind the same PV, renamed if its name is taken. */
function fromNativeSnapshot(
  pv: KubeObject,
  info: BackupVolumeInfo,
  mapping: Record<string, string>,
  cluster: VolumeCluster,
  state: VolumeRestoreState,
): KubeObject {
  const oldName = pv.metadata.name;
  const claimNs = pv.spec?.claimRef?.namespace;
  // Velero renames only a volume whose claim moves to another namespace.
  const rename = !!claimNs && !!mapping[claimNs] && cluster.exists(oldName);
  remapClaimRef(pv, mapping);
  resetBinding(pv);
  const handle = String(info.nativeSnapshotInfo?.snapshotHandle ?? oldName);
  if (pv.spec?.hostPath) pv.spec.hostPath.path = `/var/lib/sim/${handle}`;
  if (pv.spec?.csi) pv.spec.csi.volumeHandle = `vol-from-${handle}`;
  if (rename) {
    const newName = `velero-clone-${randomUUID()}`;
    state.renamed.set(oldName, newName);
    pv.metadata.name = newName;
    pv.metadata.annotations = {
      ...(pv.metadata.annotations ?? {}),
      'velero.io/original-pv-name': oldName,
    };
  }
  return pv;
}

/**
 * What Velero's restore does with a backed-up PersistentVolume, by how the
 * backup took its data: a pod-volume backup or a CSI snapshot (moved or not)
 * means the claim gets a new, dynamically provisioned volume (`undefined`:
 * the PV itself is not restored); a native snapshot gives a PV backed by a
 * new volume; no data gives a new volume when the reclaim policy is
 * `Delete`, and otherwise the PV restored as it was, pointing at the same
 * storage, with its claimRef moved to the mapped namespace.
 */
export function restoreVolume(
  source: KubeObject,
  mapping: Record<string, string>,
  cluster: VolumeCluster,
  state: VolumeRestoreState,
): KubeObject | undefined {
  const pv: KubeObject = JSON.parse(JSON.stringify(source));
  const info = state.volumeInfos.get(pv.metadata.name);
  const method = info?.backupMethod;
  if (method === 'NativeSnapshot')
    return fromNativeSnapshot(pv, info!, mapping, cluster, state);
  const provision =
    method === 'PodVolumeBackup' ||
    method === 'CSISnapshot' ||
    pv.spec?.persistentVolumeReclaimPolicy === 'Delete';
  if (provision) {
    state.provisioned.add(pv.metadata.name);
    return undefined;
  }
  remapClaimRef(pv, mapping);
  resetBinding(pv);
  return pv;
}

/**
 * A restored claim as Velero's PVC action and restore leave it: without
 * binding and provisioner annotations; its `volumeName` dropped when the
 * volume is provisioned afresh, renamed when the volume was, and otherwise
 * kept, so the claim binds to the PV of that name.
 */
export function restoreClaimVolume(
  claim: KubeObject,
  state: VolumeRestoreState,
): KubeObject {
  withoutAnnotations(claim, CLAIM_ANNOTATIONS);
  const volumeName = claim.spec?.volumeName;
  if (!volumeName) return claim;
  if (state.provisioned.has(volumeName)) delete claim.spec.volumeName;
  const renamed = state.renamed.get(volumeName);
  if (renamed) claim.spec.volumeName = renamed;
  return claim;
}
