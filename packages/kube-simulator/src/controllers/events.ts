import type { SimulatorContext } from '../context';
import type { KubeObject } from '../store/types';
import { randomSuffix, rfc3339 } from '../store/ObjectStore';
import { kinds } from './kinds';

/** Records a core/v1 Event about an object, as kubelet and controllers do. */
export function recordEvent(
  ctx: SimulatorContext,
  involved: KubeObject,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
): void {
  const ns = involved.metadata.namespace;
  if (!ns) return;
  const k = kinds(ctx.registry);
  const nsObj = ctx.store.get(k.namespaces, undefined, ns);
  if (!nsObj || nsObj.metadata.deletionTimestamp) return;
  const now = rfc3339(ctx.clock.now());
  try {
    ctx.store.create(k.events, ns, {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${involved.metadata.name}.${randomSuffix(8)}`,
        namespace: ns,
      },
      involvedObject: {
        kind: involved.kind,
        apiVersion: involved.apiVersion,
        namespace: ns,
        name: involved.metadata.name,
        uid: involved.metadata.uid,
      },
      reason,
      message,
      type,
      source: { component },
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
  } catch {
    // Events are best effort, as in a real cluster.
  }
}
