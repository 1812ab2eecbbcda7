import type { SimulatorContext } from '../context';
import { Controller } from './Controller';
import { kinds, Kinds } from './kinds';
import { WorkQueue } from './Reconciler';

/** How long the controller takes to fill a new quota in (Kubernetes': a sync of its informers, well under a second). */
const QUOTA_SYNC_MS = 100;

/**
 * Kubernetes' resource quota controller, for what the simulator enforces:
 * copies `spec.hard` into `status.hard` a moment after a quota is written.
 * Admission enforces a quota only once `status.hard` names the resource, as
 * the API server does, so a client that creates objects right after its
 * quota sees the same gap it would in a real cluster.
 */
export class ResourceQuotaController extends Controller {
  private readonly k: Kinds;
  private readonly queue = new WorkQueue();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly ctx: SimulatorContext) {
    super();
    this.k = kinds(ctx.registry);
    this.onStoreChange(ctx.store, e => {
      if (e.type === 'DELETED' || e.object.kind !== 'ResourceQuota') return;
      const { namespace, name } = e.object.metadata;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.queue.enqueue(`${namespace}/${name}`, () =>
          this.reconcile(namespace!, name),
        );
      }, QUOTA_SYNC_MS);
      this.timers.add(timer);
    });
  }

  stop() {
    super.stop();
    this.timers.forEach(clearTimeout);
    this.timers.clear();
    this.queue.stop();
  }

  private reconcile(namespace: string, name: string) {
    const quota = this.ctx.store.get(this.k.resourcequotas, namespace, name);
    const hard = quota?.spec?.hard ?? {};
    if (!quota || JSON.stringify(quota.status?.hard) === JSON.stringify(hard))
      return;
    this.ctx.store.mutate(this.k.resourcequotas, namespace, name, q => {
      q.status = { ...(q.status ?? {}), hard };
    });
  }
}
