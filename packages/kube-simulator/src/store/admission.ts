import type { ResourceType } from '../api/resources';
import type { KubeObject } from './types';
import type { ObjectStore } from './ObjectStore';

export interface DeleteOptions {
  propagationPolicy?: string;
  preconditionRv?: string;
  preconditionUid?: string;
}

/** A hook may validate or mutate an object before it is stored. */
export type WriteHook = (
  type: ResourceType,
  obj: KubeObject,
  old?: KubeObject,
) => void;
/** A delete hook may take over deletion for a type (e.g. namespaces); returning undefined falls through. */
export type DeleteHook = (
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  options: DeleteOptions,
) => KubeObject | undefined;

/**
 * The write path of every change, from API requests and from the simulated
 * controllers alike: the hooks the simulated control plane runs
 * around storage (defaulting, validation, special deletion rules).
 */
export class Admission {
  private readonly writeHooks: WriteHook[] = [];
  private readonly deleteHooks: DeleteHook[] = [];

  constructor(private readonly store: ObjectStore) {}

  onWrite(hook: WriteHook): void {
    this.writeHooks.push(hook);
  }

  onDelete(hook: DeleteHook): void {
    this.deleteHooks.push(hook);
  }

  create(
    type: ResourceType,
    namespace: string | undefined,
    body: KubeObject,
    { dryRun }: { dryRun: boolean },
  ): KubeObject {
    const obj = JSON.parse(JSON.stringify(body)) as KubeObject;
    obj.metadata = obj.metadata ?? ({} as any);
    // As the API server, which takes it from the path before admission runs.
    if (namespace && !obj.metadata.namespace)
      obj.metadata.namespace = namespace;
    for (const h of this.writeHooks) h(type, obj);
    if (dryRun) return obj;
    return this.store.create(type, namespace, obj);
  }

  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    body: KubeObject,
    subresource?: 'status',
  ): KubeObject {
    const old = this.store.mustGet(type, namespace, name);
    const obj = JSON.parse(JSON.stringify(body)) as KubeObject;
    obj.metadata = obj.metadata ?? ({ name } as any);
    for (const h of this.writeHooks) h(type, obj, old);
    return this.store.update(type, namespace, name, obj, { subresource });
  }

  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    options: DeleteOptions,
  ): KubeObject {
    for (const hook of this.deleteHooks) {
      const handled = hook(type, namespace, name, options);
      if (handled) return handled;
    }
    return this.store.delete(type, namespace, name, options);
  }
}
