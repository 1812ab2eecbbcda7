import * as k8s from '@kubernetes/client-node';
import { ConflictError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { matchesRecord } from '../../ownership/matchesRecord';
import { readIfPresent } from '../../kube/kubeErrors';
import { RESOURCE_MODIFIERS_KEY } from './resourceModifiers';

/** The only ConfigMaps of Velero's namespace Kymaros may write: its own, named like its restores. */
export const MODIFIERS_NAME_PREFIX = 'kymaros-';

/** A ConfigMap this provider created, by name and uid. */
export interface CreatedConfigMap {
  name: string;
  uid: string;
  resourceVersion?: string;
}

/**
 * The ConfigMaps holding a restore's resource modifiers, in Velero's
 * namespace: created before the Restore that names them (Velero reads them
 * when it picks the restore up), then owned by it, so Kubernetes' garbage
 * collector removes them with it. Deleted here only when provably ours.
 */
export class ResourceModifierConfigMaps {
  private readonly core: k8s.CoreV1Api;

  constructor(
    kubeConfig: k8s.KubeConfig,
    private readonly namespace: string,
    private readonly logger: LoggerService,
  ) {
    this.core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  }

  /** Creates the ConfigMap `name` with the rules as its one key; never replaces one that exists. */
  async create(
    name: string,
    rules: string,
    labels: Record<string, string>,
  ): Promise<CreatedConfigMap> {
    try {
      const created = await this.core.createNamespacedConfigMap({
        namespace: this.namespace,
        body: {
          metadata: { name, labels },
          data: { [RESOURCE_MODIFIERS_KEY]: rules },
        },
      });
      return {
        name,
        uid: created.metadata!.uid!,
        resourceVersion: created.metadata!.resourceVersion,
      };
    } catch (e) {
      if (e instanceof k8s.ApiException && e.code === 409)
        throw new ConflictError(
          `ConfigMap ${this.namespace}/${name} already exists: Kymaros does not overwrite it with the restore's resource modifiers`,
        );
      throw e;
    }
  }

  /**
   * Makes the Restore the ConfigMap's owner. The patch carries the
   * resourceVersion of the create, so it fails if the ConfigMap changed.
   */
  async ownBy(
    configMap: CreatedConfigMap,
    restore: { name: string; uid: string },
  ): Promise<void> {
    await this.core.patchNamespacedConfigMap(
      {
        namespace: this.namespace,
        name: configMap.name,
        body: {
          metadata: {
            resourceVersion: configMap.resourceVersion,
            ownerReferences: [
              {
                apiVersion: 'velero.io/v1',
                kind: 'Restore',
                name: restore.name,
                uid: restore.uid,
              },
            ],
          },
        },
      },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
    );
  }

  /**
   * Deletes the ConfigMap `name` if it is this engine's: owned by the
   * restore with `restoreUid`, or, without owner, created no earlier than
   * the record (within matchesRecord's tolerance). Returns the names deleted.
   */
  async cleanup(
    name: string,
    options: { restoreUid?: string; recordedAt: string },
  ): Promise<string[]> {
    if (!name.startsWith(MODIFIERS_NAME_PREFIX)) return [];
    const live = await readIfPresent(() =>
      this.core.readNamespacedConfigMap({ namespace: this.namespace, name }),
    );
    if (!live) return [];
    const { uid, ownerReferences = [], creationTimestamp } = live.metadata!;
    const ours = ownerReferences.length
      ? ownerReferences.some(o => o.uid === options.restoreUid)
      : matchesRecord(
          { createdAt: options.recordedAt },
          { uid: uid!, createdAt: toIso(creationTimestamp) },
        );
    if (!ours) {
      this.logger.warn(
        `Not deleting ConfigMap ${this.namespace}/${name}: it is not the resource modifiers Kymaros created for restore ${name}`,
      );
      return [];
    }
    return (await this.remove({ name, uid: uid! })) ? [name] : [];
  }

  /** Deletes the ConfigMap while it has this uid; false when it is gone or another object now. */
  async remove(configMap: { name: string; uid: string }): Promise<boolean> {
    try {
      await this.core.deleteNamespacedConfigMap({
        namespace: this.namespace,
        name: configMap.name,
        body: { preconditions: { uid: configMap.uid } },
      });
      return true;
    } catch (e) {
      if (e instanceof k8s.ApiException && (e.code === 404 || e.code === 409))
        return false;
      throw e;
    }
  }
}

/** client-node hands timestamps over as Dates. */
function toIso(time: Date | string | undefined): string | undefined {
  if (time === undefined) return undefined;
  return time instanceof Date ? time.toISOString() : String(time);
}
