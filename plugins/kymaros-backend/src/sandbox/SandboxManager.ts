import * as k8s from '@kubernetes/client-node';
import type {
  LimitRangeSpec,
  NetworkIsolation,
  ResourceQuotaSpec,
} from '@kymaros/plugin-kymaros-common';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';
import { sandboxName, toLabelValue } from './sandboxName';
import { sandboxNetworkPolicies } from './networkPolicies';
import type { WriteGuard } from './WriteGuard';

export interface SandboxRequest {
  runId: string;
  testName: string;
  testId: string;
  entityRef: string;
  sources: string[];
  prefix: string;
  isolation: NetworkIsolation;
  quota?: ResourceQuotaSpec;
  limits?: LimitRangeSpec;
  /** When the reaper may remove the sandboxes if the run never does. */
  expiresAt: Date;
}

export const SANDBOX_ANNOTATIONS = {
  testId: 'kymaros.io/test-id',
  entityRef: 'kymaros.io/entity-ref',
  expiresAt: 'kymaros.io/expires-at',
} as const;

function quotaHard(q: ResourceQuotaSpec): Record<string, string> {
  const hard: Record<string, string> = {};
  if (q.cpu)
    Object.assign(hard, { 'requests.cpu': q.cpu, 'limits.cpu': q.cpu });
  if (q.memory)
    Object.assign(hard, {
      'requests.memory': q.memory,
      'limits.memory': q.memory,
    });
  if (q.storage) hard['requests.storage'] = q.storage;
  if (q.pods) hard.pods = String(q.pods);
  return hard;
}

/**
 * Creates and removes a run's sandbox namespaces: one per source namespace,
 * labelled, isolated by NetworkPolicies, bounded by a ResourceQuota and a
 * LimitRange. All writes go through the run's guarded client.
 */
export class SandboxManager {
  private readonly core: k8s.CoreV1Api;
  private readonly networking: k8s.NetworkingV1Api;

  constructor(kubeConfig: k8s.KubeConfig, private readonly guard: WriteGuard) {
    this.core = kubeConfig.makeApiClient(k8s.CoreV1Api);
    this.networking = kubeConfig.makeApiClient(k8s.NetworkingV1Api);
  }

  labels(
    req: Pick<SandboxRequest, 'runId' | 'testName'>,
    source?: string,
  ): Record<string, string> {
    return {
      [SANDBOX_LABELS.managedBy]: MANAGED_BY_VALUE,
      [SANDBOX_LABELS.test]: toLabelValue(req.testName),
      [SANDBOX_LABELS.group]: req.runId,
      [SANDBOX_LABELS.run]: req.runId,
      ...(source ? { [SANDBOX_LABELS.testNamespace]: source } : {}),
    };
  }

  /** Creates the sandboxes and returns them by source namespace. Created ones are reported even on failure via `onCreated`. */
  async create(
    req: SandboxRequest,
    onCreated: (source: string, sandbox: string) => void,
  ): Promise<Record<string, string>> {
    const mapping: Record<string, string> = {};
    for (const source of req.sources) {
      const name = sandboxName(req.prefix, req.testName);
      this.guard.allowSandbox(name);
      const labels = this.labels(req, source);
      await this.core.createNamespace({
        body: {
          metadata: {
            name,
            labels,
            annotations: {
              [SANDBOX_ANNOTATIONS.testId]: req.testId,
              [SANDBOX_ANNOTATIONS.entityRef]: req.entityRef,
              [SANDBOX_ANNOTATIONS.expiresAt]: req.expiresAt.toISOString(),
            },
          },
        },
      });
      onCreated(source, name);
      mapping[source] = name;
      const managed = this.labels(req);
      for (const policy of sandboxNetworkPolicies({
        isolation: req.isolation,
        group: req.runId,
        labels: managed,
      })) {
        await this.networking.createNamespacedNetworkPolicy({
          namespace: name,
          body: policy as k8s.V1NetworkPolicy,
        });
      }
      if (req.quota && Object.keys(quotaHard(req.quota)).length) {
        await this.core.createNamespacedResourceQuota({
          namespace: name,
          body: {
            metadata: { name: 'kymaros-quota', labels: managed },
            spec: { hard: quotaHard(req.quota) },
          },
        });
      }
      if (req.limits) {
        const l = req.limits;
        await this.core.createNamespacedLimitRange({
          namespace: name,
          body: {
            metadata: { name: 'kymaros-limits', labels: managed },
            spec: {
              limits: [
                {
                  type: 'Container',
                  _default: {
                    ...(l.defaultCpu ? { cpu: l.defaultCpu } : {}),
                    ...(l.defaultMemory ? { memory: l.defaultMemory } : {}),
                  },
                  defaultRequest: {
                    ...(l.defaultRequestCpu
                      ? { cpu: l.defaultRequestCpu }
                      : {}),
                    ...(l.defaultRequestMemory
                      ? { memory: l.defaultRequestMemory }
                      : {}),
                  },
                },
              ],
            },
          },
        });
      }
    }
    return mapping;
  }

  /** Labels of namespaces as the cluster has them now (undefined when missing). */
  async liveLabels(
    names: string[],
  ): Promise<Record<string, Record<string, string> | undefined>> {
    const out: Record<string, Record<string, string> | undefined> = {};
    for (const name of names) {
      try {
        out[name] =
          (await this.core.readNamespace({ name })).metadata?.labels ?? {};
      } catch (e) {
        if (e instanceof k8s.ApiException && e.code === 404)
          out[name] = undefined;
        else throw e;
      }
    }
    return out;
  }

  /**
   * Deletes the sandboxes and waits until they are gone (or the signal ends
   * the wait). Volumes left `Retain` by the restore are switched to `Delete`
   * first, so no disk outlives the sandbox.
   */
  async delete(names: string[], signal?: AbortSignal): Promise<string[]> {
    if (names.length === 0) return [];
    const pvs = await this.core.listPersistentVolume();
    for (const pv of pvs.items) {
      const ns = pv.spec?.claimRef?.namespace;
      if (
        ns &&
        names.includes(ns) &&
        pv.spec?.persistentVolumeReclaimPolicy === 'Retain'
      ) {
        this.guard.allowVolume(pv.metadata!.name!);
        await this.core.patchPersistentVolume(
          {
            name: pv.metadata!.name!,
            body: { spec: { persistentVolumeReclaimPolicy: 'Delete' } },
          },
          k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
        );
      }
    }
    for (const name of names) {
      await this.core.deleteNamespace({ name }).catch(e => {
        // 404: already gone; 409: already terminating.
        if (
          !(e instanceof k8s.ApiException && (e.code === 404 || e.code === 409))
        )
          throw e;
      });
    }
    const remaining = new Set(names);
    while (remaining.size && !signal?.aborted) {
      for (const name of [...remaining]) {
        try {
          await this.core.readNamespace({ name });
        } catch (e) {
          if (e instanceof k8s.ApiException && e.code === 404)
            remaining.delete(name);
          else throw e;
        }
      }
      if (remaining.size) await new Promise(r => setTimeout(r, 250));
    }
    return [...remaining];
  }
}
