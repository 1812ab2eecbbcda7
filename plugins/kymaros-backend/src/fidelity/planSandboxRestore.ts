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
}

/** Report lists stop here, with a last entry saying how many more there were. */
const REPORT_LIST_MAX = 200;

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
 * outside the sandbox; no volume shares the source's storage. Pure: it
 * reads only what the provider handed over.
 */
export function planSandboxRestore(input: {
  /** The backup's resource list (kinds and names), when it could be read. */
  items?: BackupItem[];
  /** The backup's object bodies of the source namespaces, when they could be read. */
  manifests?: BackupManifests;
  /** Why the bodies were not read, or read only in part (the run words it). */
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
  const problem = input.manifestsProblem;
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
  };
}
