import * as k8s from '@kubernetes/client-node';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  LimitRangeSpec,
  NetworkIsolation,
  ResourceQuotaSpec,
  SandboxEgressRule,
} from '@kymaros/plugin-kymaros-common';
import {
  MANAGED_BY_VALUE,
  SANDBOX_LABELS,
} from '@kymaros/plugin-kymaros-common';
import { readIfPresent } from '../kube/kubeErrors';
import { followNamespaced } from '../kube/followNamespaced';
import { watchObject } from '../kube/watchObject';
import { sandboxName, toLabelValue } from './sandboxName';
import { sandboxNetworkPolicies } from './networkPolicies';
import type { WriteGuard } from './WriteGuard';

export interface SandboxRequest {
  runId: string;
  testName: string;
  testId: string;
  entityRef: string;
  sources: string[];
  /** Sandbox names the test asks for, by source namespace (`namespaces[].sandboxName`); the others are generated. */
  names?: Record<string, string>;
  prefix: string;
  isolation: NetworkIsolation;
  /** Declared external dependencies each sandbox may reach (`spec.sandbox.egress`). */
  egress?: SandboxEgressRule[];
  /** Hard values of each sandbox's quota, already resolved (`resolveSandboxQuota`); `auto` is ignored. */
  quota?: ResourceQuotaSpec;
  /** Quotas sized per source namespace (`resourceQuota.auto`), over `quota` for that source. */
  quotaBySource?: Record<string, ResourceQuotaSpec>;
  limits?: LimitRangeSpec;
  /** When the reaper may remove the sandboxes if the run never does. */
  expiresAt: Date;
}

export const SANDBOX_ANNOTATIONS = {
  testId: 'kymaros.io/test-id',
  entityRef: 'kymaros.io/entity-ref',
  expiresAt: 'kymaros.io/expires-at',
} as const;

/** Reads and patches of one volume before giving up on a volume that keeps changing. */
const VOLUME_PATCH_ATTEMPTS = 3;

/**
 * Every sandbox refuses Services that would open a load balancer or a node
 * port: whatever the provider restores, and however, nothing in a sandbox is
 * reachable from outside the cluster (the API server enforces it).
 */
export const EXPOSURE_QUOTA = 'kymaros-exposure';
const NO_EXPOSED_SERVICES = {
  'services.loadbalancers': '0',
  'services.nodeports': '0',
};

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

  constructor(
    private readonly kubeConfig: k8s.KubeConfig,
    private readonly guard: WriteGuard,
  ) {
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
   * that certainly created nothing is reported to `record.failed`. Once the
   * signal aborts, nothing more is sent.
   */
  async create(
    req: SandboxRequest,
    record: SandboxRecording,
    signal?: AbortSignal,
  ): Promise<Record<string, string>> {
    const mapping: Record<string, string> = {};
    for (const source of req.sources) {
      signal?.throwIfAborted();
      const name = await this.createNamespace(req, source, record);
      mapping[source] = name;
      await this.confine(req, source, name, signal);
    }
    return mapping;
  }

  /** One sandbox namespace, recorded before and after it exists. */
  private async createNamespace(
    req: SandboxRequest,
    source: string,
    record: SandboxRecording,
  ): Promise<string> {
    const requested = req.names?.[source];
    const name = requested ?? sandboxName(req.prefix, req.testName);
    if (requested === undefined) await record.before(source, name);
    else await this.claimRequested(requested, source, record);
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

  /**
   * Records a sandbox name the test asked for, only while no namespace has
   * it: a namespace that exists (someone's, or an earlier sandbox still
   * terminating) is never adopted, written to or deleted. A name recorded by
   * another run is refused by the record itself. A namespace created under
   * the name from here on makes the create fail, and the record goes.
   */
  private async claimRequested(
    name: string,
    source: string,
    record: SandboxRecording,
  ): Promise<void> {
    const subject = `sandboxName "${name}" (for namespace "${source}") cannot be used`;
    const existing = await this.read(name);
    if (existing)
      throw new ConflictError(
        existing.metadata?.deletionTimestamp
          ? `${subject}: namespace "${name}" still exists, terminating (an earlier sandbox being removed?); a run restores only into namespaces it creates, so try again once it is gone`
          : `${subject}: namespace "${name}" already exists, and a run restores only into namespaces it creates; choose a name no namespace has, or leave sandboxName out for a generated one`,
      );
    try {
      await record.before(source, name);
    } catch (e) {
      if (e instanceof ConflictError)
        throw new ConflictError(`${subject}: ${e.message}`);
      throw e;
    }
  }

  /** The sandbox's network policies, resource quota and limit range. */
  private async confine(
    req: SandboxRequest,
    source: string,
    namespace: string,
    signal?: AbortSignal,
  ) {
    const managed = this.labels(req);
    for (const policy of sandboxNetworkPolicies({
      isolation: req.isolation,
      group: req.runId,
      labels: managed,
      egress: req.egress,
    })) {
      signal?.throwIfAborted();
      await this.networking.createNamespacedNetworkPolicy({
        namespace,
        body: policy as k8s.V1NetworkPolicy,
      });
    }
    await this.closeToOutside(namespace, managed, signal);
    const quota = req.quotaBySource?.[source] ?? req.quota;
    if (quota && Object.keys(quotaHard(quota)).length) {
      signal?.throwIfAborted();
      await this.core.createNamespacedResourceQuota({
        namespace,
        body: {
          metadata: { name: 'kymaros-quota', labels: managed },
          spec: { hard: quotaHard(quota) },
        },
      });
    }
    if (req.limits) {
      signal?.throwIfAborted();
      await this.core.createNamespacedLimitRange({
        namespace,
        body: {
          metadata: { name: 'kymaros-limits', labels: managed },
          spec: { limits: [containerLimits(req.limits)] },
        },
      });
    }
  }

  /**
   * The exposure quota, waited on until the cluster enforces it: the API
   * server applies a quota only once its controller has set `status.hard`,
   * and nothing may be restored before then.
   */
  private async closeToOutside(
    namespace: string,
    labels: Record<string, string>,
    signal?: AbortSignal,
  ) {
    signal?.throwIfAborted();
    await this.core.createNamespacedResourceQuota({
      namespace,
      body: {
        metadata: { name: EXPOSURE_QUOTA, labels },
        spec: { hard: NO_EXPOSED_SERVICES },
      },
    });
    await watchObject<k8s.V1ResourceQuota>({
      kubeConfig: this.kubeConfig,
      path: `/api/v1/namespaces/${namespace}/resourcequotas`,
      name: EXPOSURE_QUOTA,
      get: () =>
        this.core.readNamespacedResourceQuota({
          namespace,
          name: EXPOSURE_QUOTA,
        }),
      done: quota =>
        Object.keys(NO_EXPOSED_SERVICES).every(
          resource => quota.status?.hard?.[resource] !== undefined,
        ),
      signal,
    });
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

  private read(name: string): Promise<k8s.V1Namespace | undefined> {
    return readIfPresent(() => this.core.readNamespace({ name }));
  }

  /**
   * Deletes the sandboxes, each only while it still has the given uid, and
   * waits until they are gone (or the signal ends the wait). Volumes the
   * sandbox's claims keep `Retain` are switched to `Delete` first, so no disk
   * outlives the sandbox. A name now held by another namespace is left alone.
   */
  async delete(
    targets: SandboxTarget[],
    signal?: AbortSignal,
  ): Promise<SandboxDeletion> {
    const notOurs: string[] = [];
    const ours: ReleasedSandbox[] = [];
    // Every volume first: a failure leaves all sandboxes, and their records, in place.
    for (const target of targets) {
      const released = await this.releaseVolumes(target);
      if (released === 'not-ours') notOurs.push(target.name);
      else if (released !== 'gone') ours.push(released);
    }
    const deleting: ReleasedSandbox[] = [];
    for (const sandbox of ours) {
      const holder = await this.deleteNamespace(sandbox.target);
      if (holder === 'not-ours') notOurs.push(sandbox.target.name);
      if (holder === 'ours') deleting.push(sandbox);
    }
    const left: string[] = [];
    for (const sandbox of deleting) {
      if (!(await this.untilGoneReleasingLate(sandbox, signal)))
        left.push(sandbox.target.name);
    }
    return { left, notOurs };
  }

  /**
   * Waits for the namespace to go while following its claims from the list
   * volumes were released from: a claim created after that list (a
   * StatefulSet still scaling up) has its volume released too, even if the
   * namespace's deletion removes the claim before anyone lists it again.
   */
  private async untilGoneReleasingLate(
    sandbox: ReleasedSandbox,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const { target, listedAt, released } = sandbox;
    const stop = new AbortController();
    // Held until the wait ends, so no failure goes unhandled meanwhile.
    let failure: unknown;
    const fail = (e: unknown) => {
      failure ??= e;
    };
    let releasing = Promise.resolve();
    const release = (claim: k8s.V1PersistentVolumeClaim) => {
      const key = releaseKey(claim);
      if (!key || released.has(key)) return;
      released.add(key);
      releasing = releasing.then(() => this.releaseVolume(claim)).catch(fail);
    };
    const claims = new Map<string, k8s.V1PersistentVolumeClaim>();
    const following = followNamespaced(
      {
        kubeConfig: this.kubeConfig,
        namespace: target.name,
        resource: 'persistentvolumeclaims',
        objects: claims,
        signal: stop.signal,
        // A watch event brings its claim; a fresh list (history lost) brings them all.
        changed: claim =>
          (claim ? [claim] : [...claims.values()]).forEach(release),
      },
      listedAt,
    ).catch(fail);
    let gone: boolean;
    try {
      gone = await this.untilGone(target, signal);
    } finally {
      stop.abort();
      await following;
      await releasing;
    }
    if (failure) throw failure;
    return gone;
  }

  /** Who holds the sandbox's name now. */
  private async holder({ name, uid }: SandboxTarget): Promise<Holder> {
    const live = await this.find(name);
    if (!live) return 'gone';
    return live.uid === uid ? 'ours' : 'not-ours';
  }

  /**
   * Switches the volumes bound to the sandbox's claims from `Retain` to
   * `Delete`, if the name is still held by the recorded namespace.
   */
  private async releaseVolumes(
    target: SandboxTarget,
  ): Promise<ReleasedSandbox | Exclude<Holder, 'ours'>> {
    const before = await this.holder(target);
    if (before !== 'ours') return before;
    const claims = await this.core.listNamespacedPersistentVolumeClaim({
      namespace: target.name,
    });
    // The recorded uid before and after the list: the claims are that
    // namespace's, not those of one re-created under its name meanwhile.
    const after = await this.holder(target);
    if (after !== 'ours') return after;
    const released = new Set<string>();
    for (const claim of claims.items) {
      await this.releaseVolume(claim);
      const key = releaseKey(claim);
      if (key) released.add(key);
    }
    return { target, listedAt: claims.metadata?.resourceVersion, released };
  }

  /**
   * The claim's volume, read by name, switched to `Delete` only if it is
   * `Retain` and bound to this very claim; read and checked again if it
   * changed in between.
   */
  private async releaseVolume(claim: k8s.V1PersistentVolumeClaim) {
    const name = claim.spec?.volumeName;
    if (!name) return;
    for (let attempt = 0; attempt < VOLUME_PATCH_ATTEMPTS; attempt++) {
      const pv = await this.readVolume(name);
      if (!pv || !boundTo(pv, claim)) return;
      if (pv.spec?.persistentVolumeReclaimPolicy !== 'Retain') return;
      if (await this.setDeletePolicy(pv)) return;
    }
    throw new ConflictError(
      `PersistentVolume ${name} kept changing while its reclaim policy was being set to Delete`,
    );
  }

  /**
   * Sets the volume's reclaim policy to `Delete`. The patch carries the
   * resourceVersion that was checked, so it fails (false) if the volume
   * changed since.
   */
  private async setDeletePolicy(pv: k8s.V1PersistentVolume): Promise<boolean> {
    const name = pv.metadata!.name!;
    this.guard.allowVolume(name);
    try {
      await this.core.patchPersistentVolume(
        {
          name,
          body: {
            metadata: { resourceVersion: pv.metadata!.resourceVersion },
            spec: { persistentVolumeReclaimPolicy: 'Delete' },
          },
        },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch),
      );
      return true;
    } catch (e) {
      if (e instanceof k8s.ApiException && e.code === 409) return false;
      throw e;
    }
  }

  private readVolume(
    name: string,
  ): Promise<k8s.V1PersistentVolume | undefined> {
    return readIfPresent(() => this.core.readPersistentVolume({ name }));
  }

  /** Deletes the namespace only while it has the recorded uid. */
  private async deleteNamespace(target: SandboxTarget): Promise<Holder> {
    const { name, uid } = target;
    try {
      await this.core.deleteNamespace({
        name,
        body: { preconditions: { uid } },
      });
      return 'ours';
    } catch (e) {
      if (!(e instanceof k8s.ApiException)) throw e;
      if (e.code === 404) return 'gone';
      // A failed uid precondition, or (before Kubernetes 1.36) a namespace
      // already terminating: the name's holder tells which.
      if (e.code === 409) return this.holder(target);
      throw e;
    }
  }

  /**
   * Follows the namespace by watch until it is gone or its name holds
   * another uid; false when the signal ends the wait first.
   */
  private async untilGone(
    { name, uid }: SandboxTarget,
    signal?: AbortSignal,
  ): Promise<boolean> {
    try {
      await watchObject<k8s.V1Namespace>({
        kubeConfig: this.kubeConfig,
        path: '/api/v1/namespaces',
        name,
        get: () => this.core.readNamespace({ name }),
        done: ns => ns.metadata?.uid !== uid,
        signal,
      });
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return true;
      // The signal only ends the wait: the caller reports what is still terminating.
      if (signal?.aborted) return false;
      throw e;
    }
  }
}

/** A sandbox to delete: its name and the uid the run recorded for it. */
export interface SandboxTarget {
  name: string;
  uid: string;
}

/** What `delete` did. */
export interface SandboxDeletion {
  /** Still terminating when the wait ended. */
  left: string[];
  /** Names now held by a namespace with another uid: it and its volumes were left alone. */
  notOurs: string[];
}

/** Who holds a recorded sandbox name: the recorded namespace, nobody, or another namespace. */
type Holder = 'ours' | 'gone' | 'not-ours';

/** A sandbox of ours whose claims' volumes were released, as of the list at `listedAt`. */
interface ReleasedSandbox {
  target: SandboxTarget;
  listedAt?: string;
  /** Claim uid and volume of each claim already handled. */
  released: Set<string>;
}

/** A claim bound to a volume, as handled once: its uid and the volume's name. */
function releaseKey(claim: k8s.V1PersistentVolumeClaim): string | undefined {
  const volume = claim.spec?.volumeName;
  return volume && `${claim.metadata?.uid}/${volume}`;
}

/** Whether the volume's claimRef names this claim: namespace, name and uid. */
function boundTo(
  pv: k8s.V1PersistentVolume,
  claim: k8s.V1PersistentVolumeClaim,
): boolean {
  const ref = pv.spec?.claimRef;
  return (
    !!ref?.uid &&
    ref.uid === claim.metadata?.uid &&
    ref.namespace === claim.metadata?.namespace &&
    ref.name === claim.metadata?.name
  );
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
