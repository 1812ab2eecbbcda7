import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import type { SandboxTransformation } from '@kymaros/plugin-kymaros-common';
import { podTemplateOf } from './podTemplates';

type Finding = Omit<SandboxTransformation, 'subject'>;

const SHARED_STORAGE = "its isolation from the source's data";

/** Volume sources a pod mounts straight from storage the source also uses. */
const DIRECT_VOLUMES: Record<string, (v: any) => string> = {
  nfs: v => `NFS ${v.server}:${v.path}`,
  hostPath: v => `host path ${v.path}`,
  iscsi: v => `iSCSI ${v.targetPortal} ${v.iqn}`,
  cephfs: v => `CephFS ${(v.monitors ?? []).join(',')}:${v.path ?? '/'}`,
  glusterfs: v => `GlusterFS ${v.endpoints}:${v.path}`,
  rbd: v => `Ceph RBD ${v.pool ?? 'rbd'}/${v.image}`,
  fc: v => `Fibre Channel ${(v.targetWWNs ?? v.wwids ?? []).join(',')}`,
  awsElasticBlockStore: v => `EBS volume ${v.volumeID}`,
  gcePersistentDisk: v => `GCE disk ${v.pdName}`,
  azureDisk: v => `Azure disk ${v.diskName}`,
  azureFile: v => `Azure file share ${v.shareName}`,
  cinder: v => `Cinder volume ${v.volumeID}`,
  vsphereVolume: v => `vSphere volume ${v.volumePath}`,
  portworxVolume: v => `Portworx volume ${v.volumeID}`,
  flexVolume: v => `FlexVolume ${v.driver}`,
  quobyte: v => `Quobyte volume ${v.registry}/${v.volume}`,
  scaleIO: v => `ScaleIO volume ${v.volumeName}`,
  storageos: v => `StorageOS volume ${v.volumeName}`,
};

function directVolumes(spec: Record<string, any>): Finding[] {
  const volumes: unknown = spec.volumes;
  if (!Array.isArray(volumes)) return [];
  return volumes.flatMap(volume =>
    Object.entries(DIRECT_VOLUMES)
      .filter(
        ([source]) => volume?.[source] && typeof volume[source] === 'object',
      )
      .map(([source, describe]) => ({
        change: `mounts ${describe(
          volume[source],
        )} directly — shares the source's storage`,
        notTested: SHARED_STORAGE,
      })),
  );
}

/**
 * What a restored workload reaches around the sandbox without any edit
 * stopping it: storage mounted straight from its server, the node's
 * network. Reported only: the workload may need it to run at all. Owned
 * ReplicaSets and Pods are left to their controller's entry.
 */
export function sharedHostAccessOf(object: BackupObject): Finding[] {
  const template = podTemplateOf(object);
  if (!template || template.owned) return [];
  return [
    ...directVolumes(template.spec),
    ...(template.spec.hostNetwork === true
      ? [
          {
            change:
              "uses the host network — not isolated by the sandbox's network policies",
            notTested: 'its network isolation',
          },
        ]
      : []),
  ];
}
