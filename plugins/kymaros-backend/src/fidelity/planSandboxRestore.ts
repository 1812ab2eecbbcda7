import type {
  BackupItem,
  BackupManifests,
  RestoreTransforms,
} from '@kymaros/plugin-kymaros-node';
import type {
  EndpointRewrite,
  ExternalReference,
  SandboxFidelity,
} from '@kymaros/plugin-kymaros-common';
import { backupInventory } from './backupInventory';
import { andMore, capList } from './capList';
import {
  planEndpointRewrites,
  type SecretRewrite,
} from './planEndpointRewrites';
import { planTransformations } from './planTransformations';
import { planVolumes } from './planVolumes';
import { serviceDirectory } from './serviceDirectory';
import { workloadRequests, type WorkloadRequests } from './workloadRequests';

export type { WorkloadRequests } from './workloadRequests';

/** How a sandbox restore differs from the backup, on purpose, and what the report says of it. */
export interface SandboxRestorePlan {
  /** What the provider must leave out and change while it restores. */
  transforms: RestoreTransforms;
  /** What goes on the report (the lead adds `quota`). */
  fidelity: Omit<SandboxFidelity, 'quota'>;
  /**
   * Secrets whose values reference a restored namespace: rewritten by the
   * engine in the sandbox after the restore, never copied into the
   * provider's objects. `namespace` is the source namespace; `data` holds
   * only the rewritten keys, base64 as in `Secret.data`.
   */
  secretRewrites: SecretRewrite[];
  /** Claims (source namespace/name) restored without their data: completeness counts them missing. */
  claimsWithoutData: { namespace: string; name: string }[];
  /**
   * What each source namespace's workloads request in all; only when every
   * body was read (a partial read would understate it).
   */
  requests: Record<string, WorkloadRequests>;
}

/** Report lists stop here, with a last entry saying how many more there were. */
const REPORT_LIST_MAX = 200;

const TRUNCATED =
  'the backup was read only in part (the provider stopped at its size bound): objects past it were restored without endpoint rewrites, and exposed Services among them were closed by type';

const moreRewrites = (n: number): EndpointRewrite => ({
  object: andMore(n),
  field: '…',
  from: '…',
  to: '…',
});
const moreReferences = (n: number): ExternalReference => ({
  object: andMore(n),
  field: '…',
  reference: '…',
  namespace: '…',
});

/**
 * Plans a sandbox restore: references to the Services of namespaces
 * restored together point at their sandboxes; nothing restored reaches
 * outside the sandbox; no volume shares the source's storage; and what the
 * workloads request. Pure: it reads only what the provider handed over.
 */
export function planSandboxRestore(input: {
  /** The backup's resource list (kinds and names), when it could be read. */
  items?: BackupItem[];
  /** The backup's object bodies of the source namespaces, when they could be read. */
  manifests?: BackupManifests;
  manifestsProblem?: string;
  /** Source namespace → sandbox namespace, for every namespace restored in this run. */
  mapping: Record<string, string>;
  /** spec.sandbox.runJobs */
  runJobs: boolean;
}): SandboxRestorePlan {
  const { items, manifests, mapping, runJobs } = input;
  const namespaces = Object.keys(mapping);
  const objects = manifests?.objects ?? [];
  const inventory = backupInventory(namespaces, items, manifests);
  const complete = manifests !== undefined && !manifests.truncated;
  const endpoints = planEndpointRewrites(
    objects,
    serviceDirectory(mapping, items ?? [], objects),
  );
  const outward = planTransformations({
    namespaces,
    inventory,
    inventoryKnown: items !== undefined || manifests !== undefined,
    bodiesComplete: complete,
    runJobs,
  });
  const volumes = planVolumes({
    namespaces,
    inventory,
    volumes: manifests?.volumes,
  });
  const problem =
    input.manifestsProblem ?? (manifests?.truncated ? TRUNCATED : undefined);
  const restored = objects.filter(
    o => o.namespace && Object.hasOwn(mapping, o.namespace),
  );
  return {
    transforms: {
      excludedResources: [
        ...outward.excludedResources,
        ...volumes.excludedResources,
      ],
      edits: [...endpoints.edits, ...outward.edits, ...volumes.edits],
    },
    fidelity: {
      manifestsRead: manifests !== undefined,
      ...(problem ? { manifestsProblem: problem } : {}),
      rewrites: capList(endpoints.rewrites, REPORT_LIST_MAX, moreRewrites),
      externalReferences: capList(
        endpoints.externalReferences,
        REPORT_LIST_MAX,
        moreReferences,
      ),
      transformations: capList(
        [
          ...outward.transformations,
          ...volumes.transformations,
          ...endpoints.notRewritten,
        ],
        REPORT_LIST_MAX,
        n => ({ subject: andMore(n), change: '…', notTested: '…' }),
      ),
      volumesNotRestored: capList(
        volumes.volumesNotRestored,
        REPORT_LIST_MAX,
        n => ({
          claim: andMore(n),
          reason: 'each counted missing',
        }),
      ),
    },
    secretRewrites: endpoints.secretRewrites,
    claimsWithoutData: volumes.claimsWithoutData,
    requests: complete ? requestsOf(restored, namespaces, runJobs) : {},
  };
}

/** Every restored namespace gets an entry, zero when it runs nothing. */
function requestsOf(
  objects: BackupManifests['objects'],
  namespaces: string[],
  runJobs: boolean,
): Record<string, WorkloadRequests> {
  const found = workloadRequests(objects, undefined, runJobs);
  return Object.fromEntries(
    namespaces.map(ns => [
      ns,
      found[ns] ?? { cpuMillis: 0, memoryBytes: 0, pods: 0, storageBytes: 0 },
    ]),
  );
}
