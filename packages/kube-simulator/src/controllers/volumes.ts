import type { SimulatorContext } from '../context';
import { kinds, Kinds } from './kinds';
import { WorkQueue } from './Reconciler';
import { Controller } from './Controller';

/**
 * A dynamic provisioner: each new PVC gets a PersistentVolume `pvc-<uid>`
 * and both become Bound. When the claim goes, a `Delete` volume goes with it
 * and a `Retain` one is left `Released`, as on a real cluster.
 */
export class VolumeController extends Controller {
  private readonly k: Kinds;
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.k = kinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      const o = e.object;
      if (o.kind === 'PersistentVolumeClaim' && e.type === 'ADDED') {
        this.queue.enqueue(`bind/${o.metadata.uid}`, () =>
          this.bind(o.metadata.namespace!, o.metadata.name),
        );
      }
      if (o.kind === 'PersistentVolumeClaim' && e.type === 'DELETED') {
        this.queue.enqueue(`release/${o.metadata.uid}`, () =>
          this.release(
            o.metadata.namespace!,
            o.metadata.name,
            o.spec?.volumeName,
          ),
        );
      }
    });
  }

  stop() {
    super.stop();
    this.queue.stop();
  }

  private bind(ns: string, name: string) {
    const pvc = this.ctx.store.get(this.k.pvcs, ns, name);
    if (!pvc || pvc.status?.phase === 'Bound') return;
    const storage = pvc.spec?.resources?.requests?.storage ?? '1Gi';
    const pvName = pvc.spec?.volumeName || `pvc-${pvc.metadata.uid}`;
    if (!this.ctx.store.get(this.k.pvs, undefined, pvName)) {
      this.ctx.store.create(this.k.pvs, undefined, {
        apiVersion: 'v1',
        kind: 'PersistentVolume',
        metadata: {
          name: pvName,
          annotations: {
            'pv.kubernetes.io/provisioned-by': 'sim.kymaros.io/hostpath',
          },
        },
        spec: {
          capacity: { storage },
          accessModes: pvc.spec?.accessModes ?? ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy:
            pvc.metadata.annotations?.['sim.kymaros.io/reclaim-policy'] ??
            'Delete',
          storageClassName: pvc.spec?.storageClassName ?? 'standard',
          claimRef: {
            kind: 'PersistentVolumeClaim',
            namespace: ns,
            name,
            uid: pvc.metadata.uid,
            apiVersion: 'v1',
          },
          hostPath: { path: `/var/lib/sim/${pvName}` },
        },
      });
    }
    this.ctx.store.mutate(this.k.pvs, undefined, pvName, pv => {
      pv.status = { phase: 'Bound' };
      // A pre-bound volume (a restored one: claimRef without uid) or a free
      // one gets the claim's uid, as the volume binder records the binding.
      const ref = pv.spec?.claimRef;
      const free = !ref || (ref.namespace === ns && ref.name === name);
      if (free && !ref?.uid)
        pv.spec = {
          ...pv.spec,
          claimRef: {
            kind: 'PersistentVolumeClaim',
            apiVersion: 'v1',
            ...ref,
            namespace: ns,
            name,
            uid: pvc.metadata.uid,
          },
        };
    });
    this.ctx.store.mutate(this.k.pvcs, ns, name, c => {
      c.spec = {
        ...c.spec,
        volumeName: pvName,
        storageClassName: c.spec?.storageClassName ?? 'standard',
      };
      c.status = {
        phase: 'Bound',
        accessModes: c.spec.accessModes ?? ['ReadWriteOnce'],
        capacity: { storage },
      };
    });
  }

  private release(ns: string, name: string, volumeName: string | undefined) {
    const pv = this.ctx.store
      .list(this.k.pvs, undefined)
      .find(
        v =>
          v.metadata.name === volumeName ||
          (v.spec?.claimRef?.namespace === ns &&
            v.spec?.claimRef?.name === name),
      );
    if (!pv) return;
    if (pv.spec?.persistentVolumeReclaimPolicy === 'Retain') {
      this.ctx.store.mutate(this.k.pvs, undefined, pv.metadata.name, v => {
        v.status = { phase: 'Released' };
      });
    } else {
      this.ctx.admission.delete(this.k.pvs, undefined, pv.metadata.name, {});
    }
  }
}
