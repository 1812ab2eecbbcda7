import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { kinds, Kinds } from './kinds';
import { WorkQueue } from './Reconciler';
import { isPodReady, nodeName } from './pods';
import { podsSelectedBy } from './workloads';
import { Controller } from './Controller';
import { checkServiceQuota } from './serviceQuota';

let serviceIpCounter = 10;

/** Resolves a Service port's targetPort (number or container port name) on a pod. */
export function resolveTargetPort(
  pod: KubeObject,
  servicePort: any,
): number | undefined {
  const target = servicePort?.targetPort ?? servicePort?.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(String(target))) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    const p = (c.ports ?? []).find((x: any) => x.name === target);
    if (p) return p.containerPort;
  }
  return undefined;
}

/** ClusterIP allocation and the Endpoints controller. */
export class ServiceController extends Controller {
  private readonly k: Kinds;
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.k = kinds(ctx.registry);
    ctx.admission.onWrite((type, obj, old) => {
      if (type !== this.k.services) return;
      const spec = (obj.spec = obj.spec ?? {});
      spec.type = spec.type ?? 'ClusterIP';
      if (spec.type === 'ExternalName') {
        delete spec.clusterIP;
        return;
      }
      if (old?.spec?.clusterIP && !spec.clusterIP)
        spec.clusterIP = old.spec.clusterIP;
      if (!spec.clusterIP) {
        serviceIpCounter++;
        spec.clusterIP = `10.96.${Math.floor(serviceIpCounter / 250) % 250}.${
          (serviceIpCounter % 250) + 1
        }`;
      }
      if (spec.clusterIP !== 'None') spec.clusterIPs = [spec.clusterIP];
      spec.ports = (spec.ports ?? []).map((p: any) => ({
        protocol: 'TCP',
        targetPort: p.port,
        ...p,
      }));
      spec.sessionAffinity = spec.sessionAffinity ?? 'None';
      const ns = obj.metadata.namespace!;
      checkServiceQuota(
        obj,
        old,
        this.ctx.store.list(this.k.resourcequotas, ns),
        this.ctx.store.list(this.k.services, ns),
      );
    });
    this.onStoreChange(ctx.store, e => {
      const ns = e.object.metadata.namespace!;
      if (e.object.kind === 'Service')
        this.queue.enqueue(`${ns}/${e.object.metadata.name}`, () =>
          this.reconcile(ns, e.object.metadata.name),
        );
      if (e.object.kind === 'Pod') {
        for (const svc of this.ctx.store.list(this.k.services, ns)) {
          this.queue.enqueue(`${ns}/${svc.metadata.name}`, () =>
            this.reconcile(ns, svc.metadata.name),
          );
        }
      }
    });
  }

  stop() {
    super.stop();
    this.queue.stop();
  }

  private reconcile(ns: string, name: string) {
    const svc = this.ctx.store.get(this.k.services, ns, name);
    const existing = this.ctx.store.get(this.k.endpoints, ns, name);
    if (!svc || !svc.spec?.selector || svc.spec.type === 'ExternalName') {
      // Endpoints of selector-less services are managed by users; only remove the ones this controller made.
      if (
        !svc &&
        existing?.metadata.labels?.['endpoints.kubernetes.io/managed-by'] ===
          'endpoint-controller'
      ) {
        this.ctx.admission.delete(this.k.endpoints, ns, name, {});
      }
      return;
    }
    const pods = podsSelectedBy(this.ctx, ns, svc.spec.selector).filter(
      p => p.status?.podIP && !p.metadata.deletionTimestamp,
    );
    const address = (p: KubeObject) => ({
      ip: p.status.podIP,
      nodeName,
      targetRef: {
        kind: 'Pod',
        namespace: ns,
        name: p.metadata.name,
        uid: p.metadata.uid,
      },
    });
    const ready = pods.filter(isPodReady).map(address);
    const notReady = pods.filter(p => !isPodReady(p)).map(address);
    const ports = (svc.spec.ports ?? []).map((p: any) => ({
      ...(p.name ? { name: p.name } : {}),
      port:
        (pods[0] && resolveTargetPort(pods[0], p)) ??
        (typeof p.targetPort === 'number' ? p.targetPort : p.port),
      protocol: p.protocol ?? 'TCP',
    }));
    const subsets = pods.length
      ? [
          {
            ...(ready.length ? { addresses: ready } : {}),
            ...(notReady.length ? { notReadyAddresses: notReady } : {}),
            ports,
          },
        ]
      : [];
    const body = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name,
        namespace: ns,
        labels: {
          ...(svc.metadata.labels ?? {}),
          'endpoints.kubernetes.io/managed-by': 'endpoint-controller',
        },
      },
      subsets,
    };
    if (!existing) {
      this.ctx.store.create(this.k.endpoints, ns, body);
    } else if (
      JSON.stringify(existing.subsets ?? []) !== JSON.stringify(subsets)
    ) {
      this.ctx.store.mutate(this.k.endpoints, ns, name, ep => {
        ep.subsets = subsets;
      });
    }
  }
}
