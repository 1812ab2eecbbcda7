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
import { pollUntil } from '../kube/poll';
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

  /**
   * Creates the sandboxes and returns them by source namespace. Each one is
   * announced to `record.before` (which must persist it) before it is
   * created, and to `record.created` with its uid once it exists; a create
   * that certainly created nothing is reported to `record.failed`.
   */
  async create(
    req: SandboxRequest,
    record: SandboxRecording,
  ): Promise<Record<string, string>> {
    const mapping: Record<string, string> = {};
    for (const source of req.sources) {
      const name = await this.createNamespace(req, source, record);
      mapping[source] = name;
      await this.confine(req, name);
    }
    return mapping;
  }

  /** One sandbox namespace, recorded before and after it exists. */
  private async createNamespace(
    req: SandboxRequest,
    source: string,
    record: SandboxRecording,
  ): Promise<string> {
    const name = sandboxName(req.prefix, req.testName);
    await record.before(source, name);
    this.guard.allowSandbox(name);
    const created = await this.core
      .createNamespace({
        body: {
          metadata: {
            name,
            labels: this.labels(req, source),
            annotations: {
              [SANDBOX_ANNOTATIONS.testId]: req.testId,
              [SANDBOX_ANNOTATIONS.entityRef]: req.entityRef,
              [SANDBOX_ANNOTATIONS.expiresAt]: req.expiresAt.toISOString(),
            },
          },
        },
      })
      .catch(async e => {
        // AlreadyExists: the name is someone else's; nothing of ours to remember.
        if (e instanceof k8s.ApiException && e.code === 409)
          await record.failed(source, name);
        throw e;
      });
    // From now on a delete of this name must carry this uid.
    this.guard.allowSandbox(name, created.metadata!.uid!);
    await record.created(source, name, created.metadata!.uid!);
    return name;
  }

  /** The sandbox's network policies, resource quota and limit range. */
  private async confine(req: SandboxRequest, namespace: string) {
    const managed = this.labels(req);
    for (const policy of sandboxNetworkPolicies({
      isolation: req.isolation,
      group: req.runId,
      labels: managed,
    })) {
      await this.networking.createNamespacedNetworkPolicy({
        namespace,
        body: policy as k8s.V1NetworkPolicy,
      });
    }
    if (req.quota && Object.keys(quotaHard(req.quota)).length) {
      await this.core.createNamespacedResourceQuota({
        namespace,
        body: {
          metadata: { name: 'kymaros-quota', labels: managed },
          spec: { hard: quotaHard(req.quota) },
        },
      });
    }
    if (req.limits) {
      await this.core.createNamespacedLimitRange({
        namespace,
        body: {
          metadata: { name: 'kymaros-limits', labels: managed },
          spec: { limits: [containerLimits(req.limits)] },
        },
      });
    }
  }

  /** Labels of namespaces as the cluster has them now (undefined when missing). */
  async liveLabels(
    names: string[],
  ): Promise<Record<string, Record<string, string> | undefined>> {
    const out: Record<string, Record<string, string> | undefined> = {};
    for (const name of names) {
      const ns = await this.read(name);
      out[name] = ns ? ns.metadata?.labels ?? {} : undefined;
    }
    return out;
  }

  /** A namespace as it is now (uid and creation time), if it exists. */
  async find(
    name: string,
  ): Promise<{ uid: string; createdAt?: string } | undefined> {
    const ns = await this.read(name);
    if (!ns) return undefined;
    return {
      uid: ns.metadata!.uid!,
      createdAt: ns.metadata?.creationTimestamp
        ? new Date(ns.metadata.creationTimestamp).toISOString()
        : undefined,
    };
  }

  private async read(name: string): Promise<k8s.V1Namespace | undefined> {
    try {
      return await this.core.readNamespace({ name });
    } catch (e) {
      if (e instanceof k8s.ApiException && e.code === 404) return undefined;
      throw e;
    }
  }

  /**
   * Deletes the sandboxes, each only while it still has the given uid, and
   * waits until they are gone (or the signal ends the wait). Volumes left
   * `Retain` by the restore are switched to `Delete` first, so no disk
   * outlives the sandbox. Returns those still terminating.
   */
  async delete(
    targets: { name: string; uid: string }[],
    signal?: AbortSignal,
  ): Promise<string[]> {
    if (targets.length === 0) return [];
    const names = targets.map(t => t.name);
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
    for (const { name, uid } of targets) {
      await this.core
        .deleteNamespace({ name, body: { preconditions: { uid } } })
        .catch(e => {
          // 404: already gone. 409: the uid precondition failed, so the
          // name belongs to a namespace this run did not create.
          if (!(e instanceof k8s.ApiException && [404, 409].includes(e.code)))
            throw e;
        });
    }
    const remaining = new Map(targets.map(t => [t.name, t.uid]));
    const allGone = async () => {
      for (const [name, uid] of [...remaining]) {
        const live = await this.find(name);
        if (!live || live.uid !== uid) remaining.delete(name);
      }
      return remaining.size === 0 ? true : undefined;
    };
    await pollUntil(allGone, {
      signal,
      initialIntervalMs: 250,
      backoff: 1,
    }).catch(e => {
      // The signal only ends the wait: the caller reports what is still terminating.
      if (!signal?.aborted) throw e;
    });
    return [...remaining.keys()];
  }
}

/** Callbacks that record each sandbox around its creation (see `create`). */
export interface SandboxRecording {
  before(source: string, name: string): Promise<void>;
  created(source: string, name: string, uid: string): Promise<void>;
  failed(source: string, name: string): Promise<void>;
}

/** Default limits and requests for containers that set none. */
function containerLimits(limits: LimitRangeSpec): k8s.V1LimitRangeItem {
  return {
    type: 'Container',
    _default: {
      ...(limits.defaultCpu ? { cpu: limits.defaultCpu } : {}),
      ...(limits.defaultMemory ? { memory: limits.defaultMemory } : {}),
    },
    defaultRequest: {
      ...(limits.defaultRequestCpu ? { cpu: limits.defaultRequestCpu } : {}),
      ...(limits.defaultRequestMemory
        ? { memory: limits.defaultRequestMemory }
        : {}),
    },
  };
}
