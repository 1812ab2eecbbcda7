import type { SimulatorContext } from '../context';
import { kinds } from '../controllers/kinds';
import type { NamespaceController } from '../controllers/namespaces';
import { simulatedNode } from '../controllers/workloads';
import type { Scenario } from '../scenario/schema';
import { rfc3339 } from '../store/ObjectStore';
import type { ObjectStorage } from '../velero/ObjectStorage';
import { veleroKinds } from '../velero/VeleroTypes';

type StorageLocation = NonNullable<
  Scenario['velero']
>['storageLocations'][number];

export interface BootstrapOptions {
  namespaces: NamespaceController;
  veleroNamespace: string;
  storage: ObjectStorage;
  /** Velero's storage locations; one available default when the scenario names none. */
  locations?: StorageLocation[];
  /** PEM of the CA, so Velero trusts the simulator's object storage. */
  caCert?: string;
}

/** What a fresh cluster has before any scenario object: the node, the standard namespaces, Velero's storage locations. */
export function bootstrapCluster(
  ctx: SimulatorContext,
  { namespaces, veleroNamespace, storage, locations, caCert }: BootstrapOptions,
): void {
  const { store, registry, clock } = ctx;
  store.create(
    kinds(registry).nodes,
    undefined,
    simulatedNode(rfc3339(clock.now())),
  );
  namespaces.bootstrap([veleroNamespace]);
  const bsls = veleroKinds(registry).bsls;
  for (const location of locations ?? [
    { name: 'default', phase: 'Available' as const, default: true },
  ]) {
    const bsl = store.create(bsls, veleroNamespace, {
      apiVersion: 'velero.io/v1',
      kind: 'BackupStorageLocation',
      metadata: { name: location.name },
      spec: {
        provider: 'aws',
        default: location.default ?? location.name === 'default',
        objectStorage: {
          bucket: storage.bucket,
          ...(caCert ? { caCert: Buffer.from(caCert).toString('base64') } : {}),
        },
        accessMode: 'ReadWrite',
        config: { region: 'sim-1', s3ForcePathStyle: 'true' },
      },
    });
    store.update(
      bsls,
      veleroNamespace,
      bsl.metadata.name,
      {
        ...bsl,
        status: {
          phase: location.phase,
          lastValidationTime: rfc3339(clock.now()),
        },
      },
      { internal: true },
    );
  }
}
