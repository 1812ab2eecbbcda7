import type { KubeObject } from '../store/types';

/**
 * The manifests each Snapshot holds, as kubedump captured them, keyed by
 * the Snapshot's namespace and name. KubeStash keeps them in the
 * repository's backend; the Snapshot object itself lists no objects.
 */
export class SnapshotContents {
  private readonly contents = new Map<string, KubeObject[]>();

  private key(namespace: string, name: string) {
    return `${namespace}/${name}`;
  }

  save(namespace: string, name: string, objects: KubeObject[]): void {
    this.contents.set(this.key(namespace, name), clone(objects));
  }

  get(namespace: string, name: string): KubeObject[] | undefined {
    const objects = this.contents.get(this.key(namespace, name));
    return objects && clone(objects);
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
