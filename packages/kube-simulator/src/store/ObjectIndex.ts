import type { KubeObject } from './types';

interface Entry {
  resource: string;
  namespace: string;
  object: KubeObject;
}

/**
 * Stored objects by key, also grouped by resource and namespace so a list
 * reads only the objects it can return instead of the whole store.
 */
export class ObjectIndex {
  private readonly byKey = new Map<string, Entry>();
  /** resource -> namespace ('' for cluster-scoped) -> key -> object */
  private readonly buckets = new Map<
    string,
    Map<string, Map<string, KubeObject>>
  >();

  get(key: string): KubeObject | undefined {
    return this.byKey.get(key)?.object;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  set(resource: string, namespace: string, key: string, object: KubeObject) {
    const previous = this.byKey.get(key);
    if (
      previous &&
      (previous.resource !== resource || previous.namespace !== namespace)
    )
      this.delete(key);
    this.byKey.set(key, { resource, namespace, object });
    let namespaces = this.buckets.get(resource);
    if (!namespaces) {
      namespaces = new Map();
      this.buckets.set(resource, namespaces);
    }
    let bucket = namespaces.get(namespace);
    if (!bucket) {
      bucket = new Map();
      namespaces.set(namespace, bucket);
    }
    bucket.set(key, object);
  }

  delete(key: string) {
    const entry = this.byKey.get(key);
    if (!entry) return;
    this.byKey.delete(key);
    const namespaces = this.buckets.get(entry.resource)!;
    const bucket = namespaces.get(entry.namespace)!;
    bucket.delete(key);
    // Empty buckets go, so namespaces that come and go leave nothing behind.
    if (bucket.size === 0) namespaces.delete(entry.namespace);
    if (namespaces.size === 0) this.buckets.delete(entry.resource);
  }

  /** The objects of a resource, in one namespace or (namespace undefined) in all. */
  *select(resource: string, namespace?: string): Generator<KubeObject> {
    const namespaces = this.buckets.get(resource);
    if (!namespaces) return;
    if (namespace !== undefined) {
      yield* namespaces.get(namespace)?.values() ?? [];
      return;
    }
    for (const bucket of namespaces.values()) yield* bucket.values();
  }

  /** How many resource/namespace groups hold objects. */
  bucketCount(): number {
    let n = 0;
    for (const namespaces of this.buckets.values()) n += namespaces.size;
    return n;
  }
}
