import type { SimulatorContext } from '../context';
import { kinds } from '../controllers/kinds';
import { describeError } from '../describeError';
import type { Scenario } from '../scenario/schema';
import type { KubeObject } from '../store/types';

/** Namespaces the scenario's objects live in but does not declare are created first, as kubectl users would. */
function ensureNamespace(ctx: SimulatorContext, name: string) {
  const namespaces = kinds(ctx.registry).namespaces;
  if (ctx.store.get(namespaces, undefined, name)) return;
  ctx.admission.create(
    namespaces,
    undefined,
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    { dryRun: false },
  );
}

/**
 * Creates the scenario's objects in order through admission, as an API
 * request would; a failure names the object, since the scenario is at fault.
 */
export function seedObjects(
  ctx: SimulatorContext,
  objects: Scenario['objects'],
): void {
  for (const raw of objects) {
    const obj = raw as unknown as KubeObject;
    const type = ctx.registry.byKind(obj.apiVersion, obj.kind);
    if (!type)
      throw new Error(
        `Scenario object ${obj.kind} ${obj.metadata.name}: unknown kind ${obj.apiVersion}/${obj.kind} (declare its CustomResourceDefinition first)`,
      );
    const ns = obj.metadata.namespace;
    if (type.namespaced && ns) ensureNamespace(ctx, ns);
    try {
      ctx.admission.create(
        type,
        type.namespaced ? ns ?? 'default' : undefined,
        obj,
        { dryRun: false },
      );
    } catch (e) {
      throw new Error(
        `Scenario object ${obj.kind} ${ns ? `${ns}/` : ''}${
          obj.metadata.name
        }: ${describeError(e)}`,
      );
    }
  }
}
