import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { WorkQueue } from './Reconciler';
import { Controller } from './Controller';

/**
 * Deletes dependents whose owner is gone (background), completes foreground
 * deletion once dependents are gone, and strips owner references on orphan.
 */
export class GarbageCollector extends Controller {
  private readonly queue = new WorkQueue();

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.onStoreChange(ctx.store, e => {
      const o = e.object;
      if (e.type === 'DELETED') {
        this.queue.enqueue(`gone/${o.metadata.uid}`, () =>
          this.collectDependents(o, 'delete'),
        );
        // A dependent that disappeared may complete its owner's foreground deletion.
        for (const ref of o.metadata.ownerReferences ?? [])
          this.queue.enqueue(`fg/${ref.uid}`, () =>
            this.finishForeground(ref.uid),
          );
      } else if (o.metadata.deletionTimestamp) {
        const fin = o.metadata.finalizers ?? [];
        if (fin.includes('orphan'))
          this.queue.enqueue(`orphan/${o.metadata.uid}`, () => this.orphan(o));
        if (fin.includes('foregroundDeletion'))
          this.queue.enqueue(`fgstart/${o.metadata.uid}`, () => {
            this.collectDependents(o, 'delete');
            this.finishForeground(o.metadata.uid!);
          });
      }
    });
  }

  stop() {
    super.stop();
    this.queue.stop();
  }

  private dependents(uid: string) {
    const out: { type: any; object: KubeObject }[] = [];
    for (const type of this.ctx.registry.all()) {
      for (const object of this.ctx.store.list(type, undefined)) {
        if ((object.metadata.ownerReferences ?? []).some(r => r.uid === uid))
          out.push({ type, object });
      }
    }
    return out;
  }

  private collectDependents(owner: KubeObject, _mode: 'delete') {
    for (const { type, object } of this.dependents(owner.metadata.uid!)) {
      if (object.metadata.deletionTimestamp) continue;
      try {
        this.ctx.admission.delete(
          type,
          object.metadata.namespace,
          object.metadata.name,
          {},
        );
      } catch {
        // gone already
      }
    }
  }

  private findByUid(uid: string) {
    for (const type of this.ctx.registry.all()) {
      const object = this.ctx.store
        .list(type, undefined)
        .find(o => o.metadata.uid === uid);
      if (object) return { type, object };
    }
    return undefined;
  }

  private removeFinalizer(uid: string, finalizer: string) {
    const found = this.findByUid(uid);
    if (!found) return;
    this.ctx.store.mutate(
      found.type,
      found.object.metadata.namespace,
      found.object.metadata.name,
      o => {
        o.metadata.finalizers = (o.metadata.finalizers ?? []).filter(
          f => f !== finalizer,
        );
      },
    );
  }

  private finishForeground(uid: string) {
    const found = this.findByUid(uid);
    if (
      !found ||
      !found.object.metadata.finalizers?.includes('foregroundDeletion')
    )
      return;
    if (this.dependents(uid).length === 0)
      this.removeFinalizer(uid, 'foregroundDeletion');
  }

  private orphan(owner: KubeObject) {
    for (const { type, object } of this.dependents(owner.metadata.uid!)) {
      this.ctx.store.mutate(
        type,
        object.metadata.namespace,
        object.metadata.name,
        o => {
          o.metadata.ownerReferences = (
            o.metadata.ownerReferences ?? []
          ).filter(r => r.uid !== owner.metadata.uid);
          if (!o.metadata.ownerReferences.length)
            delete o.metadata.ownerReferences;
        },
      );
    }
    this.removeFinalizer(owner.metadata.uid!, 'orphan');
  }
}
