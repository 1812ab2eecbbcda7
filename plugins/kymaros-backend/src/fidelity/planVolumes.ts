import type {
  BackupVolume,
  BackupVolumeData,
  RestoreEdit,
} from '@kymaros/plugin-kymaros-node';
import type {
  SandboxFidelity,
  SandboxTransformation,
} from '@kymaros/plugin-kymaros-common';
import { excerpt } from '../util/text';
import type { InventoryEntry } from './backupInventory';
import { groupOf } from './backupObjectNames';

/** How the restore treats the backup's volumes so that no sandbox shares the source's storage. */
export interface VolumePlan {
  /** `persistentvolumes`, unless every restored claim's volume comes from a snapshot. */
  excludedResources: string[];
  edits: RestoreEdit[];
  claimsWithoutData: { namespace: string; name: string }[];
  volumesNotRestored: SandboxFidelity['volumesNotRestored'];
  transformations: SandboxTransformation[];
}

export interface VolumeInput {
  namespaces: string[];
  inventory: InventoryEntry[];
  /** How each volume's data is held; absent when the provider does not say. */
  volumes?: BackupVolume[];
}

/** A claim's data: as the provider says, `unbound` (no volume), or `unknown`. */
type ClaimData = BackupVolumeData | 'unbound' | 'unknown';
interface Claim {
  namespace: string;
  name: string;
  data: ClaimData;
  volume?: BackupVolume;
}

const isKind = (e: InventoryEntry, kind: string) =>
  e.item.kind === kind && groupOf(e.item.apiVersion) === '';

function restoredClaims(input: VolumeInput): Claim[] {
  const claims = new Map<string, Claim>();
  const key = (ns: string, name: string) => `${ns}/${name}`;
  for (const e of input.inventory) {
    if (!isKind(e, 'PersistentVolumeClaim') || !e.item.namespace) continue;
    const data = e.body && !e.body.spec?.volumeName ? 'unbound' : 'unknown';
    claims.set(key(e.item.namespace, e.item.name), {
      namespace: e.item.namespace,
      name: e.item.name,
      data,
    });
  }
  for (const volume of input.volumes ?? []) {
    const claim = volume.claim;
    if (!claim || !input.namespaces.includes(claim.namespace)) continue;
    claims.set(key(claim.namespace, claim.name), {
      ...claim,
      data: volume.data,
      volume,
    });
  }
  return [...claims.values()];
}

const WITHOUT_PV =
  'its snapshot is not restored: that needs the PersistentVolume objects, which this restore leaves out because not every volume of the backup has a snapshot';

/** Why a claim comes back empty, or undefined when its data comes back. */
function lossReason(claim: Claim, pvsRestored: boolean): string | undefined {
  if (claim.data === 'none') {
    const said = claim.volume?.reason;
    return `no volume data in the backup${said ? ` (${excerpt(said)})` : ''}`;
  }
  if (claim.data === 'snapshot' && !pvsRestored) return WITHOUT_PV;
  return undefined;
}

/**
 * Keeps every sandbox off the source's storage. A PersistentVolume object
 * is restored only when every restored claim's volume comes from a snapshot
 * (the provider then makes a new disk); otherwise no PV is restored and every
 * claim is unbound from its source volume, so it gets a new one (file-system
 * and data-mover data is restored into it). Claims that come back empty are
 * listed: completeness counts them missing.
 */
export function planVolumes(input: VolumeInput): VolumePlan {
  const claims = restoredClaims(input);
  const pvsRestored =
    input.volumes !== undefined &&
    claims.some(c => c.data === 'snapshot') &&
    claims.every(c => c.data === 'snapshot' || c.data === 'unbound');
  const lost = claims
    .map(claim => ({ claim, reason: lossReason(claim, pvsRestored) }))
    .filter((l): l is { claim: Claim; reason: string } => !!l.reason);
  return {
    excludedResources: pvsRestored ? [] : ['persistentvolumes'],
    edits: pvsRestored
      ? []
      : input.namespaces.map(namespace => ({
          resource: 'persistentvolumeclaims',
          namespace,
          mergePatch: { spec: { volumeName: null } },
        })),
    claimsWithoutData: lost.map(({ claim }) => ({
      namespace: claim.namespace,
      name: claim.name,
    })),
    volumesNotRestored: lost.map(({ claim, reason }) => ({
      claim: `${claim.namespace}/${claim.name}`,
      ...(claim.volume?.volumeName ? { volume: claim.volume.volumeName } : {}),
      reason,
    })),
    transformations: unknownData(input, claims),
  };
}

/** Claims restored on a new volume whose data the provider did not describe. */
function unknownData(
  input: VolumeInput,
  claims: Claim[],
): SandboxTransformation[] {
  const unknown = claims.filter(c => c.data === 'unknown');
  if (!unknown.length) return [];
  const notTested =
    'its data, if the backup held it as a snapshot: the provider did not say how it was taken';
  if (input.volumes === undefined)
    return [
      {
        subject: `${unknown.length} PersistentVolumeClaim(s)`,
        change: 'restored on new volumes, without their PersistentVolumes',
        notTested:
          'data held as snapshots: the provider did not say how volume data was taken',
      },
    ];
  return unknown.map(c => ({
    subject: `PersistentVolumeClaim ${c.namespace}/${c.name}`,
    change: 'restored on a new volume',
    notTested,
  }));
}
