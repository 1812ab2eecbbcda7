import type { SimulatorContext } from '../context';
import type { KubeObject, OwnerReference } from '../store/types';
import { randomSuffix, rfc3339 } from '../store/ObjectStore';
import { matchesSelectorObject } from '../store/labelSelector';
import type { ResourceType } from '../api/resources';
import { kinds, Kinds } from './kinds';
import { WorkQueue } from './Reconciler';
import { shortHash } from './hash';
import { isPodReady, nodeName } from './pods';
import { Controller } from './Controller';

function ownerRef(o: KubeObject): OwnerReference {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function controllerOf(o: KubeObject): OwnerReference | undefined {
  return (o.metadata.ownerReferences ?? []).find(r => r.controller);
}

/**
 * Deployment → ReplicaSet → Pod, StatefulSet → Pod (+ PVCs from
 * volumeClaimTemplates, in order), DaemonSet → one Pod per node, and the
 * status fields clients read to judge readiness.
 */
export class WorkloadControllers extends Controller {
  private readonly k: Kinds;
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.k = kinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      const o = e.object;
      const ns = o.metadata.namespace!;
      switch (o.kind) {
        case 'Deployment':
          if (e.type !== 'DELETED')
            this.enqueue(this.k.deployments, ns, o.metadata.name);
          break;
        case 'ReplicaSet':
          if (e.type !== 'DELETED')
            this.enqueue(this.k.replicasets, ns, o.metadata.name);
          this.enqueueOwner(o);
          break;
        case 'StatefulSet':
          if (e.type !== 'DELETED')
            this.enqueue(this.k.statefulsets, ns, o.metadata.name);
          break;
        case 'DaemonSet':
          if (e.type !== 'DELETED')
            this.enqueue(this.k.daemonsets, ns, o.metadata.name);
          break;
        case 'Pod':
          this.enqueueOwner(o);
          break;
        default:
      }
    });
  }

  stop() {
    super.stop();
    this.queue.stop();
  }

  private enqueueOwner(o: KubeObject) {
    const owner = controllerOf(o);
    if (!owner) return;
    const type = {
      ReplicaSet: this.k.replicasets,
      Deployment: this.k.deployments,
      StatefulSet: this.k.statefulsets,
      DaemonSet: this.k.daemonsets,
    }[owner.kind];
    if (type) this.enqueue(type, o.metadata.namespace!, owner.name);
  }

  private enqueue(type: ResourceType, ns: string, name: string) {
    this.queue.enqueue(`${type.plural}/${ns}/${name}`, () => {
      const o = this.ctx.store.get(type, ns, name);
      if (!o || o.metadata.deletionTimestamp) return;
      if (type === this.k.deployments) this.reconcileDeployment(o);
      else if (type === this.k.replicasets) this.reconcileReplicaSet(o);
      else if (type === this.k.statefulsets) this.reconcileStatefulSet(o);
      else if (type === this.k.daemonsets) this.reconcileDaemonSet(o);
    });
  }

  private ownedPods(owner: KubeObject): KubeObject[] {
    return this.ctx.store
      .list(this.k.pods, owner.metadata.namespace)
      .filter(
        p =>
          controllerOf(p)?.uid === owner.metadata.uid &&
          !p.metadata.deletionTimestamp,
      );
  }

  private createPod(
    owner: KubeObject,
    name: string,
    extraLabels: Record<string, string> = {},
  ) {
    const tpl = owner.spec?.template ?? {};
    this.ctx.store.create(this.k.pods, owner.metadata.namespace, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}), ...extraLabels },
        annotations: { ...(tpl.metadata?.annotations ?? {}) },
        ownerReferences: [ownerRef(owner)],
      },
      spec: {
        serviceAccountName: 'default',
        restartPolicy: 'Always',
        ...(tpl.spec ?? {}),
      },
    });
  }

  private setStatus(
    type: ResourceType,
    o: KubeObject,
    status: Record<string, unknown>,
  ) {
    const next = {
      ...(o.status ?? {}),
      ...status,
      observedGeneration: o.metadata.generation,
    };
    if (JSON.stringify(next) === JSON.stringify(o.status)) return;
    this.ctx.store.mutate(type, o.metadata.namespace, o.metadata.name, x => {
      x.status = next;
    });
  }

  private reconcileReplicaSet(rs: KubeObject) {
    const want = rs.spec?.replicas ?? 1;
    const pods = this.ownedPods(rs);
    for (let i = pods.length; i < want; i++)
      this.createPod(rs, `${rs.metadata.name}-${randomSuffix()}`);
    for (const extra of pods.slice(want))
      this.ctx.admission.delete(
        this.k.pods,
        extra.metadata.namespace,
        extra.metadata.name,
        {},
      );
    const current = pods.slice(0, want);
    const ready = current.filter(isPodReady).length;
    this.setStatus(this.k.replicasets, rs, {
      replicas: current.length,
      fullyLabeledReplicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
    });
  }

  private reconcileDeployment(d: KubeObject) {
    const template = d.spec?.template ?? {};
    const hash = shortHash(template);
    const rsName = `${d.metadata.name}-${hash}`;
    const replicas = d.spec?.replicas ?? 1;
    const ns = d.metadata.namespace!;
    const owned = this.ctx.store
      .list(this.k.replicasets, ns)
      .filter(rs => controllerOf(rs)?.uid === d.metadata.uid);
    let rs = owned.find(r => r.metadata.name === rsName);
    if (!rs) {
      const labels = {
        ...(template.metadata?.labels ?? {}),
        'pod-template-hash': hash,
      };
      rs = this.ctx.store.create(this.k.replicasets, ns, {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: rsName,
          namespace: ns,
          labels,
          annotations: {
            'deployment.kubernetes.io/revision': String(owned.length + 1),
          },
          ownerReferences: [ownerRef(d)],
        },
        spec: {
          replicas,
          selector: {
            matchLabels: {
              ...(d.spec?.selector?.matchLabels ?? {}),
              'pod-template-hash': hash,
            },
            ...(d.spec?.selector?.matchExpressions
              ? { matchExpressions: d.spec.selector.matchExpressions }
              : {}),
          },
          template: {
            ...template,
            metadata: { ...(template.metadata ?? {}), labels },
          },
        },
      });
    } else if (rs.spec?.replicas !== replicas) {
      rs = this.ctx.store.mutate(this.k.replicasets, ns, rsName, x => {
        x.spec.replicas = replicas;
      })!;
    }
    for (const old of owned) {
      if (old.metadata.name !== rsName)
        this.ctx.admission.delete(
          this.k.replicasets,
          ns,
          old.metadata.name,
          {},
        );
    }
    const ready = rs.status?.readyReplicas ?? 0;
    const now = rfc3339(this.ctx.clock.now());
    const available = ready >= replicas;
    const prev = (d.status?.conditions ?? []) as any[];
    const keepTime = (type: string, status: string) =>
      prev.find(c => c.type === type && c.status === status)
        ?.lastTransitionTime ?? now;
    this.setStatus(this.k.deployments, d, {
      replicas: rs.status?.replicas ?? 0,
      updatedReplicas: rs.status?.replicas ?? 0,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(replicas - ready > 0
        ? { unavailableReplicas: replicas - ready }
        : { unavailableReplicas: undefined }),
      conditions: [
        {
          type: 'Available',
          status: available ? 'True' : 'False',
          reason: available
            ? 'MinimumReplicasAvailable'
            : 'MinimumReplicasUnavailable',
          message: available
            ? 'Deployment has minimum availability.'
            : 'Deployment does not have minimum availability.',
          lastUpdateTime: keepTime('Available', available ? 'True' : 'False'),
          lastTransitionTime: keepTime(
            'Available',
            available ? 'True' : 'False',
          ),
        },
        {
          type: 'Progressing',
          status: 'True',
          reason: available ? 'NewReplicaSetAvailable' : 'ReplicaSetUpdated',
          message: `ReplicaSet "${rsName}" ${
            available ? 'has successfully progressed' : 'is progressing'
          }.`,
          lastUpdateTime: keepTime('Progressing', 'True'),
          lastTransitionTime: keepTime('Progressing', 'True'),
        },
      ],
    });
  }

  private reconcileStatefulSet(sts: KubeObject) {
    const replicas = sts.spec?.replicas ?? 1;
    const ns = sts.metadata.namespace!;
    const name = sts.metadata.name;
    const revision = `${name}-${shortHash(sts.spec?.template)}`;
    const pods = this.ownedPods(sts);
    const byIndex = new Map(
      pods.map(p => [Number(p.metadata.name.slice(name.length + 1)), p]),
    );
    const parallel = sts.spec?.podManagementPolicy === 'Parallel';
    for (let i = 0; i < replicas; i++) {
      const existing = byIndex.get(i);
      if (existing) {
        if (!parallel && !isPodReady(existing)) break; // OrderedReady waits for each ordinal
        continue;
      }
      for (const tpl of sts.spec?.volumeClaimTemplates ?? []) {
        const claim = `${tpl.metadata?.name}-${name}-${i}`;
        if (!this.ctx.store.get(this.k.pvcs, ns, claim)) {
          this.ctx.store.create(this.k.pvcs, ns, {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: {
              name: claim,
              namespace: ns,
              labels: { ...(sts.spec?.selector?.matchLabels ?? {}) },
            },
            spec: tpl.spec,
          });
        }
      }
      this.createPod(sts, `${name}-${i}`, {
        'statefulset.kubernetes.io/pod-name': `${name}-${i}`,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': revision,
      });
      if (!parallel) break;
    }
    for (const p of pods) {
      const idx = Number(p.metadata.name.slice(name.length + 1));
      if (idx >= replicas)
        this.ctx.admission.delete(this.k.pods, ns, p.metadata.name, {});
    }
    const current = pods.filter(
      p => Number(p.metadata.name.slice(name.length + 1)) < replicas,
    );
    const ready = current.filter(isPodReady).length;
    this.setStatus(this.k.statefulsets, sts, {
      replicas: current.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: current.length,
      updatedReplicas: current.length,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
    });
  }

  private reconcileDaemonSet(ds: KubeObject) {
    const nodes = this.ctx.store.list(this.k.nodes, undefined);
    const pods = this.ownedPods(ds);
    for (let i = pods.length; i < nodes.length; i++)
      this.createPod(ds, `${ds.metadata.name}-${randomSuffix()}`);
    const ready = pods.filter(isPodReady).length;
    this.setStatus(this.k.daemonsets, ds, {
      desiredNumberScheduled: nodes.length,
      currentNumberScheduled: pods.length,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: pods.length,
      numberMisscheduled: 0,
    });
  }
}

/** Pods a workload selects, for callers outside the controllers (e.g. the service proxy). */
export function podsSelectedBy(
  ctx: SimulatorContext,
  ns: string,
  selector: Record<string, string>,
): KubeObject[] {
  return ctx.store
    .list(kinds(ctx.registry).pods, ns)
    .filter(p =>
      matchesSelectorObject(p.metadata.labels, { matchLabels: selector }),
    );
}

export function simulatedNode(now: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName,
      labels: {
        'kubernetes.io/hostname': nodeName,
        'kubernetes.io/os': 'linux',
        'node-role.kubernetes.io/worker': '',
      },
    },
    spec: {},
    status: {
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '8', memory: '32Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: now,
          lastTransitionTime: now,
        },
      ],
      addresses: [
        { type: 'InternalIP', address: '172.18.0.2' },
        { type: 'Hostname', address: nodeName },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.34.0-sim',
        architecture: 'amd64',
        operatingSystem: 'linux',
      },
    },
  };
}
